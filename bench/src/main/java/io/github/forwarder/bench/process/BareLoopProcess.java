package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.baseline.BareLoopForwarder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The bare no-durability loop (BareLoopForwarder), run from the bench jar as its own JVM. */
public final class BareLoopProcess extends ProcessUnderTest {

    private BareLoopProcess(JavaProcess process) {
        super(process);
    }

    /** Reads NDJSON files dropped into inputDir and sends their forwardable events to the stand-in. */
    public static BareLoopProcess start(BenchEnvironment environment, Path inputDir) {
        return start(environment, inputDir, environment.standIn().baseUrl());
    }

    /** The same against a Segment stand-in of the caller's choice (the backfill's counting one). */
    public static BareLoopProcess start(BenchEnvironment environment, Path inputDir, String segmentBaseUrl) {
        return new BareLoopProcess(JavaProcess.start(BenchJarCommand.of(environment, BareLoopForwarder.class,
                        List.of(inputDir.toString(), segmentBaseUrl)), environment.repoRoot(),
                Map.of("SEGMENT_WRITEKEY", "bench-write-key"), environment.logFile(inputDir.getFileName() + "-bare"),
                Readiness.consoleLine(BareLoopForwarder.READY_LINE), Duration.ofSeconds(60)));
    }
}
