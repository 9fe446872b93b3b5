package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.baseline.BaselineForwarder;
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
        List<String> command = new ArrayList<>(List.of(environment.java()));
        command.addAll(environment.jvmOptions());
        String classPath = Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString();
        command.addAll(List.of("-cp", classPath, BaselineForwarder.class.getName(),
                inputDir.toString(), environment.standIn().baseUrl()));
        return new BaselineProcess(JavaProcess.start(command, environment.repoRoot(),
                Map.of("SEGMENT_WRITEKEY", "bench-write-key"),
                environment.logFile(inputDir.getFileName() + "-baseline"), BaselineForwarder.READY_LINE,
                Duration.ofSeconds(60)));
    }
}
