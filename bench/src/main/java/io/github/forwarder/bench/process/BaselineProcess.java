package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.baseline.BaselineForwarder;
import io.github.forwarder.bench.baseline.BaselineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The analytics-java baseline, run from the bench jar as its own JVM, like the forwarder. */
public final class BaselineProcess extends ProcessUnderTest {

    private BaselineProcess(JavaProcess process) {
        super(process);
    }

    /** Reads NDJSON files dropped into inputDir and sends their forwardable events to the stand-in. */
    public static BaselineProcess start(BenchEnvironment environment, Path inputDir) {
        return start(environment, inputDir, environment.standIn().baseUrl());
    }

    /** The same against a Segment stand-in of the caller's choice (the backfill's counting one). */
    public static BaselineProcess start(BenchEnvironment environment, Path inputDir, String segmentBaseUrl) {
        BaselineSettings settings = environment.baseline();
        List<String> arguments = new ArrayList<>(List.of(inputDir.toString(), segmentBaseUrl));
        arguments.addAll(settings.arguments());
        return new BaselineProcess(JavaProcess.start(BenchJarCommand.of(environment, BaselineForwarder.class,
                        arguments), environment.repoRoot(), Map.of("SEGMENT_WRITEKEY", "bench-write-key"),
                environment.logFile(inputDir.getFileName() + "-baseline"),
                Readiness.consoleLine(BaselineForwarder.READY_LINE), Duration.ofSeconds(60)));
    }
}
