package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.baseline.BareIntakeServer;
import io.github.forwarder.bench.baseline.DurableBareIntakeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** DurableBareIntakeServer from the bench jar, as its own JVM, storing into a folder of its own (deleted at close). */
public final class DurableBareIntakeProcess extends ProcessUnderTest implements IntakeUnderTest {

    private final int port;
    private final Runnable deleteFolder;

    private DurableBareIntakeProcess(JavaProcess process, int port, Runnable deleteFolder) {
        super(process);
        this.port = port;
        this.deleteFolder = deleteFolder;
    }

    public static DurableBareIntakeProcess start(BenchEnvironment environment) {
        int port = FreePort.find();
        Path folder = environment.newFolder("durable-bare-intake-");
        JavaProcess process = JavaProcess.start(BenchJarCommand.of(environment, DurableBareIntakeServer.class,
                        List.of(String.valueOf(port), folder.toString())), environment.repoRoot(), Map.of(),
                environment.logFile("durable-bare-intake-" + port),
                Readiness.httpOk("http://127.0.0.1:" + port + BareIntakeServer.READY_PATH), Duration.ofSeconds(60));
        return new DurableBareIntakeProcess(process, port, () -> environment.delete(folder));
    }

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public void close() {
        super.close();
        deleteFolder.run();
    }
}
