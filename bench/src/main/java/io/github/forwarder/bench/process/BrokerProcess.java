package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.broker.BrokerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Artemis broker (BrokerServer) in its own JVM with a fresh journal folder, so no run inherits another's
 * queue. Not under test itself (no BENCH_JVM_OPTS), but its CPU and memory are part of the cost of a jms: source,
 * so they are read like a process under test's. Stopping it deletes its journal.
 */
public final class BrokerProcess extends ProcessUnderTest {

    private final int port;
    private final Runnable deleteData;

    private BrokerProcess(JavaProcess process, int port, Runnable deleteData) {
        super(process);
        this.port = port;
        this.deleteData = deleteData;
    }

    public static BrokerProcess start(BenchEnvironment environment) {
        int port = FreePort.find();
        Path data = environment.newFolder("broker-data-");
        JavaProcess process = JavaProcess.start(BenchJarCommand.withoutOptionsUnderTest(environment,
                        BrokerServer.class, List.of(String.valueOf(port), data.toString())), environment.repoRoot(),
                Map.of(), environment.logFile("broker-" + port), Readiness.consoleLine(BrokerServer.READY_LINE),
                Duration.ofSeconds(60));
        return new BrokerProcess(process, port, () -> environment.delete(data));
    }

    /** What forwarder.jms.brokerUrl is set to. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        super.close();
        deleteData.run();
    }
}
