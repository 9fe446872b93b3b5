package io.github.forwarder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * examples/spring-boot-host, a Camel Spring Boot application with the forwarder's starter, as the build's
 * maven-invoker-plugin packaged it in target/it/ (against the starter and jar installed in target/it-repo), run as
 * {@code java -jar} in its own JVM from a working folder of the test's, with Spring's command-line arguments.
 */
public final class SpringBootHost extends ForkedApplication {

    public static final Path BUILT = Path.of("target/it/spring-boot-host");
    public static final Path JAR = BUILT.resolve("target/spring-boot-host.jar");

    private final int port;

    private SpringBootHost(Process process, Path console, int port) {
        super(process, console);
        this.port = port;
    }

    /** Starts the host with these arguments (--key=value) and environment in workDir; waits until Camel started. */
    public static SpringBootHost start(Path workDir, List<String> arguments, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " was not built: run mvn verify (maven-invoker-plugin)");
        }
        try {
            int port = RunningForwarder.freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toAbsolutePath().toString(), "--server.port=" + port));
            command.addAll(arguments);
            Path console = Files.createTempFile("spring-boot-host-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().remove("SEGMENT_WRITEKEY");
            builder.environment().putAll(environment);
            SpringBootHost host = new SpringBootHost(builder.start(), console, port);
            ForkedStart.await(host.process(), host::console, "spring-boot-host", "the Spring Boot host",
                    Duration.ofSeconds(120));
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }
}
