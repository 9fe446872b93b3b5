package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.baseline.BareIntakeServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The bare Vert.x intake server (BareIntakeServer), run from the bench jar as its own JVM; ready when it answers. */
public final class BareIntakeProcess extends ProcessUnderTest implements IntakeUnderTest {

    private final int port;

    private BareIntakeProcess(JavaProcess process, int port) {
        super(process);
        this.port = port;
    }

    public static BareIntakeProcess start(BenchEnvironment environment) {
        return start(environment, List.of());
    }

    /**
     * The same server under the README's JVM options (but its class-data archive, made for the forwarder's start):
     * the heap, the collector and the quick compiler the forwarder runs with, so the compiler's share is seen.
     */
    public static BareIntakeProcess startWithReadmeOptions(BenchEnvironment environment) {
        return start(environment, ForwarderProcess.readmeJvmOptionsWithoutClassDataArchive());
    }

    /** @param jvmOptions before BENCH_JVM_OPTS (which win) */
    private static BareIntakeProcess start(BenchEnvironment environment, List<String> jvmOptions) {
        int port = FreePort.find();
        JavaProcess process = JavaProcess.start(BenchJarCommand.of(environment, jvmOptions, BareIntakeServer.class,
                        List.of(String.valueOf(port))), environment.repoRoot(), Map.of(),
                environment.logFile("bare-intake-" + port),
                Readiness.httpOk("http://127.0.0.1:" + port + BareIntakeServer.READY_PATH), Duration.ofSeconds(60));
        return new BareIntakeProcess(process, port);
    }

    @Override
    public int httpPort() {
        return port;
    }
}
