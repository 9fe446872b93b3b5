package io.github.forwarder.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * examples/embedded-host, a Camel Main application that depends on the forwarder's library jar, as the build's
 * maven-invoker-plugin built it in target/it/ (from target/it-repo, where the jar was installed), run in its own
 * JVM from a working folder of the test's.
 */
public final class EmbeddedHost extends ForkedApplication {

    public static final Path BUILT = Path.of("target/it/embedded-host");
    private static final String MAIN_CLASS = "com.example.host.HostApplication";

    private final int httpPort;
    private final int managementPort;

    private EmbeddedHost(Process process, Path console, int httpPort, int managementPort) {
        super(process, console);
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** The jars of the host's run-time classpath, as Maven resolved them for it. */
    public static List<Path> dependencies() {
        try {
            String classpath = Files.readString(BUILT.resolve("target/classpath.txt")).trim();
            return classpath.isEmpty() ? List.of()
                    : Stream.of(classpath.split(File.pathSeparator)).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the example was not built: run mvn verify (maven-invoker-plugin)", e);
        }
    }

    /** Starts the host with these -D settings and environment in workDir, and waits until its routes run. */
    public static EmbeddedHost start(Path workDir, Map<String, String> settings, Map<String, String> environment) {
        try {
            int httpPort = RunningForwarder.freePort();
            int managementPort = RunningForwarder.freePort();
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.put("camel.server.port", String.valueOf(httpPort));
            all.put("camel.management.port", String.valueOf(managementPort));
            List<String> classpath = new ArrayList<>();
            classpath.add(BUILT.resolve("target/classes").toAbsolutePath().toString());
            dependencies().forEach(jar -> classpath.add(jar.toAbsolutePath().toString()));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), MAIN_CLASS));
            Path console = Files.createTempFile("embedded-host-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().remove("SEGMENT_WRITEKEY");
            builder.environment().putAll(environment);
            EmbeddedHost host = new EmbeddedHost(builder.start(), console, httpPort, managementPort);
            host.awaitStarted(Duration.ofSeconds(90));
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    public String managementUrl(String path) {
        return "http://localhost:" + managementPort + path;
    }

    private void awaitStarted(Duration timeout) {
        ForkedStart.await(process(), this::console, "embedded-host", "the host", timeout);
    }
}
