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
        try {
            int httpPort = RunningForwarder.freePort();
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.putIfAbsent("camel.server.port", String.valueOf(httpPort));
            all.putIfAbsent("camel.management.port", String.valueOf(RunningForwarder.freePort()));
            all.putIfAbsent("forwarder.console.port", String.valueOf(RunningForwarder.freePort()));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(readmeJvmOptions());
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", JAR.toString()));
            Path console = Files.createTempFile("forwarder-console-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().remove("SEGMENT_WRITEKEY");
            builder.environment().putAll(environment);
            ForkedForwarder forked = new ForkedForwarder(builder.start(), console, all);
            forked.awaitStarted(Duration.ofSeconds(60));
            return forked;
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
