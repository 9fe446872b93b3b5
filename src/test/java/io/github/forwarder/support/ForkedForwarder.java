package io.github.forwarder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged forwarder run as a user runs it, with the JVM options of the README's run command
 * ({@code java <options> -jar target/sentry-segment-forwarder.jar}) from the repository root, in its own JVM, so a
 * test can read its console, kill it with SIGKILL and start it again.
 */
public final class ForkedForwarder implements AutoCloseable {

    public static final Path JAR = Path.of("target/sentry-segment-forwarder.jar");
    private static final String RUN_COMMAND = "mvn -B package -DskipTests && java";

    private final Process process;
    private final Path console;
    private final Map<String, String> settings;

    private ForkedForwarder(Process process, Path console, Map<String, String> settings) {
        this.process = process;
        this.console = console;
        this.settings = settings;
    }

    /** Starts the jar with these -D settings and environment, and waits until the intake accepts connections. */
    public static ForkedForwarder start(Map<String, String> settings, Map<String, String> environment) {
        return start(settings, environment, List.of());
    }

    /** The same with JVM options after the README's (a smaller -Xmx, say), which win over them. */
    public static ForkedForwarder start(Map<String, String> settings, Map<String, String> environment,
            List<String> jvmOptions) {
        ForkedForwarder forked = launch(settings, environment, jvmOptions);
        forked.awaitStarted(Duration.ofSeconds(60));
        return forked;
    }

    /** What a start that is refused shows: the exit code, how long the process ran, and its console. */
    public record Exit(int code, Duration after, String console) {
    }

    /** Starts the jar and waits, at most {@code timeout}, for it to exit on its own. */
    public static Exit exitOf(Map<String, String> settings, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        ForkedForwarder forked = launch(settings, Map.of(), List.of());
        if (!forked.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            forked.kill();
            throw new IllegalStateException("still running after " + timeout + ":\n" + forked.console());
        }
        return new Exit(forked.process.exitValue(), Duration.ofNanos(System.nanoTime() - started), forked.console());
    }

    private static ForkedForwarder launch(Map<String, String> settings, Map<String, String> environment,
            List<String> jvmOptions) {
        try {
            int httpPort = RunningForwarder.freePort();
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.putIfAbsent("camel.server.port", String.valueOf(httpPort));
            all.putIfAbsent("camel.management.port", String.valueOf(RunningForwarder.freePort()));
            all.putIfAbsent("forwarder.console.port", String.valueOf(RunningForwarder.freePort()));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(readmeJvmOptions());
            command.addAll(jvmOptions);
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", JAR.toString()));
            Path console = Files.createTempFile("forwarder-console-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().remove("SEGMENT_WRITEKEY");
            builder.environment().putAll(environment);
            return new ForkedForwarder(builder.start(), console, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options between {@code java} and {@code -jar} in the README's run command. */
    static List<String> readmeJvmOptions() throws IOException {
        String runCommand = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith(RUN_COMMAND)).findFirst()
                .orElseThrow(() -> new IllegalStateException("README.md has no line starting " + RUN_COMMAND));
        String options = runCommand.substring(RUN_COMMAND.length(), runCommand.indexOf(" -jar ")).strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    public int httpPort() {
        return Integer.parseInt(settings.get("camel.server.port"));
    }

    public int managementPort() {
        return Integer.parseInt(settings.get("camel.management.port"));
    }

    public int consolePort() {
        return Integer.parseInt(settings.get("forwarder.console.port"));
    }

    public String console() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak resident memory so far, in MB (the kernel's high-water mark, VmHWM). */
    public double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmHWM for process " + process.pid());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: frozen as by a long stop-the-world pause, its connections open, until {@link #thaw()}. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    /** The id its claims carry in Redis (made once per data folder). */
    public String ownerId() throws IOException {
        return Files.readString(Path.of(settings.get("forwarder.dataDir"), "dedupe", "owner-id")).trim();
    }

    private void awaitStarted(Duration timeout) {
        ForkedStart.await(process, this::console, "sentry-segment-forwarder", "the forwarder", timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
