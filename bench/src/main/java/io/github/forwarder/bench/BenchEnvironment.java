package io.github.forwarder.bench;

import io.github.forwarder.bench.baseline.BaselineSettings;
import io.github.forwarder.bench.segment.SegmentStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every scenario shares: the repository root (the forwarder runs from there, as an operator runs it), a
 * work folder for data folders and logs, the one Segment stand-in, any extra JVM options for the JVMs under test
 * (none by default: they run as the README says), and how the analytics-java baseline is tuned.
 */
public record BenchEnvironment(Path repoRoot, Path workDir, SegmentStandIn standIn, List<String> jvmOptions,
        BaselineSettings baseline) {

    public Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(workDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a run's data or input folder once it is done: an intake run leaves thousands of spooled events. */
    public void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile(String name) {
        return workDir.resolve(name + ".log");
    }

    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
