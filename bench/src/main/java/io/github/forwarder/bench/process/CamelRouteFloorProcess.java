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

/**
 * What one Camel exchange per HTTP request costs by itself: Camel Main from the forwarder's own jar (the same Camel,
 * Vert.x and JVM options) with a single platform-http route on POST /sentry/events that answers 202 and does nothing
 * else: no parse, no store, no MDC. Any intake built as a platform-http route pays at least this per request; the
 * intake scenario sets it beside the bare Vert.x server. Ready when GET /ready answers 200 (a second route).
 */
public final class CamelRouteFloorProcess extends ProcessUnderTest implements IntakeUnderTest {

    private static final String ROUTES = """
            - route:
                id: answer-202
                from:
                  uri: platform-http:/sentry/events
                  parameters:
                    httpMethodRestrict: POST
                    populateBodyWithForm: false
                  steps:
                    - convertBodyTo:
                        type: "byte[]"
                    - removeHeaders:
                        pattern: "*"
                    - setHeader:
                        name: CamelHttpResponseCode
                        constant: 202
                    - setHeader:
                        name: Content-Type
                        constant: application/json
                    - setBody:
                        constant: '{"status":"accepted"}'
            - route:
                id: ready
                from:
                  uri: platform-http:/ready
                  steps:
                    - setBody:
                        constant: ready
            """;

    private final int port;

    private CamelRouteFloorProcess(JavaProcess process, int port) {
        super(process);
        this.port = port;
    }

    public static CamelRouteFloorProcess start(BenchEnvironment environment) {
        int port = FreePort.find();
        Path routes = environment.workDir().resolve("camel-route-floor.camel.yaml");
        try {
            Files.writeString(routes, ROUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(environment.java()));
        // the README's options but its class-data archive, which is made for the forwarder's own start
        command.addAll(ForwarderProcess.README_JVM_OPTIONS.stream().filter(o -> !o.startsWith("-XX:SharedArchiveFile"))
                .toList());
        command.addAll(environment.jvmOptions());
        command.addAll(List.of("-Dcamel.server.enabled=true", "-Dcamel.server.host=127.0.0.1",
                "-Dcamel.server.port=" + port, "-Dcamel.main.routesIncludePattern=file:" + routes,
                "-cp", ForwarderProcess.JAR.toString(), "org.apache.camel.main.Main"));
        JavaProcess process = JavaProcess.start(command, environment.repoRoot(), Map.of(),
                environment.logFile("camel-route-floor-" + port),
                Readiness.httpOk("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(60));
        return new CamelRouteFloorProcess(process, port);
    }

    @Override
    public int httpPort() {
        return port;
    }
}
