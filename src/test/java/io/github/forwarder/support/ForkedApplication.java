package io.github.forwarder.support;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** An application the test started in its own JVM, its console written to a file. */
abstract class ForkedApplication implements AutoCloseable {

    private final Process process;
    private final Path console;

    ForkedApplication(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    final Process process() {
        return process;
    }

    public String console() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the application's platform MBean server has this MBean (asked over the JDK's attach API). */
    public boolean hasMBean(String name) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
            return jmx.getMBeanServerConnection().isRegistered(new ObjectName(name));
        } finally {
            vm.detach();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
