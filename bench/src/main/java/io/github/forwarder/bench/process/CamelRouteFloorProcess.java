package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.baseline.CamelGroupFilesStep;
import java.io.File;
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
 * Vert.x and JVM options) with a single platform-http route on POST /sentry/events that answers 202: no parse, no
 * MDC. Two of them: the route alone (no store), and the route storing each body, unread, in group files
 * ({@link CamelGroupFilesStep}, the same store as the storing bare server) before its 202: the least an intake
 * built as one Camel exchange per request costs with the spool's promise. Ready when GET /ready answers 200.
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
            %s
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

    /** The route's steps are indented by 8 spaces. */
    private static final String STORE_STEP = "        - process:\n            ref: groupFiles";

    private static final String STORE_BEAN = """
            - beans:
                - name: groupFiles
                  type: %s
                  constructors:
                    0: "%s"
            """;

    /** By name: the harness has no Camel on its class path to load {@link CamelGroupFilesStep} with. */
    private static final String STORE_STEP_CLASS = "io.github.forwarder.bench.baseline.CamelGroupFilesStep";

    private final int port;
    private final Runnable deleteFolder;

    private CamelRouteFloorProcess(JavaProcess process, int port, Runnable deleteFolder) {
        super(process);
        this.port = port;
        this.deleteFolder = deleteFolder;
    }

    /** The route alone: 202, nothing stored. */
    public static CamelRouteFloorProcess start(BenchEnvironment environment) {
        return start(environment, false);
    }

    /** The route storing each body in group files before its 202. */
    public static CamelRouteFloorProcess startStoring(BenchEnvironment environment) {
        return start(environment, true);
    }

    private static CamelRouteFloorProcess start(BenchEnvironment environment, boolean storing) {
        int port = FreePort.find();
        String name = storing ? "camel-storing-floor" : "camel-route-floor";
        Path folder = storing ? environment.newFolder(name + "-") : null;
        Path routes = environment.workDir().resolve(name + ".camel.yaml");
        String yaml = String.format(ROUTES, storing ? STORE_STEP : "");
        if (storing) {
            yaml = String.format(STORE_BEAN, STORE_STEP_CLASS, folder) + yaml;
        }
        try {
            Files.writeString(routes, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(environment.java()));
        command.addAll(ForwarderProcess.readmeJvmOptionsWithoutClassDataArchive());
        command.addAll(environment.jvmOptions());
        // the bench's classes folder, not its jar: the jar's manifest would bring the harness's libraries along
        String classPath = ForwarderProcess.JAR + File.pathSeparator + benchClasses();
        command.addAll(List.of("-Dcamel.server.enabled=true", "-Dcamel.server.host=127.0.0.1",
                "-Dcamel.server.port=" + port, "-Dcamel.main.routesIncludePattern=file:" + routes,
                "-cp", classPath, "org.apache.camel.main.Main"));
        JavaProcess process = JavaProcess.start(command, environment.repoRoot(), Map.of(),
                environment.logFile(name + "-" + port),
                Readiness.httpOk("http://127.0.0.1:" + port + "/ready"), Duration.ofSeconds(60));
        return new CamelRouteFloorProcess(process, port, () -> {
            if (folder != null) {
                environment.delete(folder);
            }
        });
    }

    /** target/classes beside the bench jar this harness runs from. */
    private static Path benchClasses() {
        Path jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]).toAbsolutePath();
        return jar.resolveSibling("classes");
    }

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public void close() {
        super.close();
        deleteFolder.run();
    }
}
