package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.baseline.BareIntakeServer;
import io.github.forwarder.bench.baseline.DurableBareForwarder;
import io.github.forwarder.bench.baseline.DurableBareIntakeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DurableBareIntakeServer (or DurableBareForwarder, the same with the bare loop behind it) from the bench jar, as its
 * own JVM, storing into a folder of its own (deleted at close).
 */
public final class DurableBareIntakeProcess extends ProcessUnderTest implements IntakeUnderTest {

    private final int port;
    private final Runnable deleteFolder;

    private DurableBareIntakeProcess(JavaProcess process, int port, Runnable deleteFolder) {
        super(process);
        this.port = port;
        this.deleteFolder = deleteFolder;
    }

    /** The intake alone: the files stay until the process's folder is deleted. */
    public static DurableBareIntakeProcess start(BenchEnvironment environment) {
        return start(environment, DurableBareIntakeServer.class, List.of());
    }

    /** With the bare loop behind it (DurableBareForwarder), delivering the stored events to the stand-in. */
    public static DurableBareIntakeProcess startForwarding(BenchEnvironment environment) {
        return start(environment, DurableBareForwarder.class, List.of(environment.standIn().baseUrl()));
    }

    private static DurableBareIntakeProcess start(BenchEnvironment environment, Class<?> main, List<String> more) {
        int port = FreePort.find();
        Path folder = environment.newFolder("durable-bare-intake-");
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(port), folder.toString()));
        arguments.addAll(more);
        JavaProcess process = JavaProcess.start(BenchJarCommand.of(environment, main, arguments),
                environment.repoRoot(), Map.of("SEGMENT_WRITEKEY", "bench-write-key"),
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
