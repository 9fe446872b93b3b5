package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged forwarder, target/sentry-segment-forwarder.jar, started from the repository root as an operator
 * starts it (with the README's JVM options), and -D overrides only: its own data folder and port, the stand-in as
 * Segment, a write key in
 * SEGMENT_WRITEKEY (so not dry-run), and the scenario's rate and batch size. Durability stays on: events are
 * spooled (or kept in their source folder) until Segment took them, and delivered ids are remembered on disk.
 * It is ready when /observe/health/ready answers 200 on its management port (a free one, as other engineers may
 * run a forwarder on the default 9876).
 */
public final class ForwarderProcess extends ProcessUnderTest implements IntakeUnderTest {

    public static final Path JAR = Path.of("target/sentry-segment-forwarder.jar");
    /** The README's run command starts with this; its JVM options follow, up to " -jar ". */
    private static final String RUN_COMMAND = "mvn -B package -DskipTests && java";
    /** The line the rate step (SegmentRateLimit) logs at TRACE as a request leaves. */
    private static final Pattern SEND_TIME = Pattern.compile("Segment request leaves at (\\d+) ns");

    private final int httpPort;
    private final Path recording;
    private final Path dataDir;
    private final Runnable deleteDataDir;

    private ForwarderProcess(JavaProcess process, int httpPort, Path recording, Path dataDir,
            Runnable deleteDataDir) {
        super(process);
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.recording = recording;
        this.deleteDataDir = deleteDataDir;
    }

    public static ForwarderProcess start(BenchEnvironment environment, ForwarderSettings settings) {
        return start(environment, settings, environment.standIn().baseUrl());
    }

    /** Against a Segment stand-in of the caller's choice (the throttle scenario runs its own process). */
    public static ForwarderProcess start(BenchEnvironment environment, ForwarderSettings settings,
            String segmentBaseUrl) {
        Path dataDir = environment.newFolder("forwarder-data-");
        int httpPort = FreePort.find();
        int managementPort = FreePort.find();
        if (settings.rememberedIds() > 0) {
            DedupeStoreFill.write(dataDir, settings.rememberedIds());
        }
        List<String> command = new ArrayList<>(List.of(environment.java()));
        // another checkout (--before) runs as its own README says, so a change of the run command is measured too
        command.addAll(settings.home() != null ? readmeJvmOptions(settings.home())
                : readmeJvmOptions());
        command.add("-Dforwarder.dataDir=" + dataDir);
        command.add("-Dcamel.server.host=127.0.0.1");
        command.add("-Dcamel.server.port=" + httpPort);
        command.add("-Dcamel.management.host=127.0.0.1");
        command.add("-Dcamel.management.port=" + managementPort);
        command.add("-Dsegment.baseUrl=" + segmentBaseUrl);
        command.add("-Dforwarder.throttle.rate=" + settings.throttleRate());
        command.add("-Dsegment.batch.size=" + settings.batchSize());
        if (settings.source() != null) {
            command.add("-Dforwarder.source=" + settings.source());
        }
        // last, so they win over the scenario's settings above (of two -D of one name, the JVM takes the last)
        command.addAll(environment.jvmOptions());
        command.addAll(settings.jvmOptions());
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = environment.logFile(dataDir.getFileName().toString());
        JavaProcess process = JavaProcess.start(command,
                settings.home() != null ? settings.home() : environment.repoRoot(),
                Map.of("SEGMENT_WRITEKEY", "bench-write-key"), log,
                Readiness.httpOk("http://127.0.0.1:" + managementPort + "/observe/health/ready"),
                Duration.ofSeconds(120));
        ForwarderProcess forwarder = new ForwarderProcess(process, httpPort, settings.recording(), dataDir,
                () -> environment.delete(dataDir));
        if (settings.recording() != null) {
            // from ready on, so the profile shows the work, not the start-up
            forwarder.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + settings.recording());
        }
        return forwarder;
    }

    /**
     * The JVM options of this checkout's README run command (the bench runs from the repository root);
     * BENCH_JVM_OPTS and a scenario's own come after them, and win.
     */
    public static List<String> readmeJvmOptions() {
        return readmeJvmOptions(Path.of(""));
    }

    /**
     * The README's JVM options but its class-data archive, which is made for the forwarder's own start: for the
     * reference servers run with the forwarder's heap, collector and compiler.
     */
    public static List<String> readmeJvmOptionsWithoutClassDataArchive() {
        return readmeJvmOptions().stream().filter(o -> !o.startsWith("-XX:SharedArchiveFile")).toList();
    }

    /** The heap option of this checkout's README run command (-Xmx...), for the tables that name it. */
    public static String readmeHeap() {
        return readmeJvmOptions().stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse("no -Xmx");
    }

    /** The options between {@code java} and {@code -jar} in the run command of the README.md in home. */
    static List<String> readmeJvmOptions(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("README.md"))) {
            String runCommand = lines.filter(line -> line.startsWith(RUN_COMMAND)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(home.resolve("README.md") + " has no line starting "
                            + RUN_COMMAND));
            String options = runCommand.substring(RUN_COMMAND.length(), runCommand.indexOf(" -jar ")).strip();
            return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void jcmd(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), String.valueOf(process.pid())));
        command.addAll(List.of(arguments));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("failed: " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When each Segment request left the forwarder (System.nanoTime, sorted), from the lines its wire guard logs
     * with {@link ForwarderSettings#SEND_TIMES}. Read once it is closed, when its log is complete.
     */
    public long[] sendTimes() {
        return times(SEND_TIME);
    }

    /** As {@link #sendTimes}: with forwarder.redis.url the same step applies the rate all forwarders share. */
    public long[] sharedSendTimes() {
        return times(SEND_TIME);
    }

    private long[] times(Pattern line) {
        try (Stream<String> lines = Files.lines(process.log())) {
            return lines.map(line::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1)))
                    .sorted().toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id its claims carry in Redis (forwarder.dataDir/dedupe/owner-id, made at its start). */
    public String ownerId() {
        try {
            return Files.readString(dataDir.resolve("dedupe/owner-id")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    /** Writes out the JFR recording if any, stops it (SIGTERM) and deletes its data folder; its log stays. */
    @Override
    public void close() {
        if (recording != null) {
            jcmd("JFR.stop", "name=bench");
        }
        super.close();
        deleteDataDir.run();
    }
}
