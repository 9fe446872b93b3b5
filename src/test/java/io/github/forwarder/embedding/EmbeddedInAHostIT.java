package io.github.forwarder.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.EmbeddedHost;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Embedding": an existing Camel Main application (examples/embedded-host, built by Maven against the
 * library jar as any dependent would be) adds the README's block to its application.properties; it keeps serving
 * its own route and logging under its own names, forwards Sentry events posted to its port, guards its Jolokia
 * with the forwarder's credentials, and resolves one Jackson and no logging backend of the forwarder's.
 */
class EmbeddedInAHostIT {

    private static final String PASSWORD = "embedded-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    @Test
    void theHostKeepsItsRouteAndForwardsSentryEventsBesideIt() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             EmbeddedHost host = EmbeddedHost.start(workDir, Map.of("segment.baseUrl", segment.baseUrl()),
                     Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY, "FORWARDER_CONSOLE_PASSWORD", PASSWORD))) {
            HttpResponse<String> hello = send(HttpRequest.newBuilder(URI.create(host.url("/hello"))).GET());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello from the host");

            HttpResponse<String> accepted = post(host, SentryEvents.forwardable(1));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> segment.trackCallOf(SentryEvents.eventId(1)).isPresent());
            assertThat(segment.trackCallOf(SentryEvents.eventId(1)).orElseThrow().header("Authorization"))
                    .isEqualTo("Basic " + base64(SegmentStandIn.WRITE_KEY + ":"));
            assertThat(workDir.resolve("data/sentry-forwarder")).isDirectory();

            assertThat(send(HttpRequest.newBuilder(URI.create(host.managementUrl("/observe/jolokia/version"))).GET())
                    .statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(host.managementUrl("/observe/jolokia/version")))
                    .header("Authorization", "Basic " + base64("admin:" + PASSWORD)).GET()).body())
                    .contains("\"status\":200");

            assertThat(post(host, "not json".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> host.console().contains("INFO io.github.forwarder.routes - Refused intake request"));
            assertThat(host.console()).contains("INFO hello - Hello requested")
                    .doesNotContain(SegmentStandIn.WRITE_KEY).doesNotContain(PASSWORD);
        }
    }

    @Test
    void theHostResolvesOneJacksonAndNoneOfTheRunnableJarsParts() {
        List<String> jars = EmbeddedHost.dependencies().stream().map(jar -> jar.getFileName().toString()).toList();
        assertThat(jars).filteredOn(jar -> jar.startsWith("jackson-core-")).hasSize(1);
        String jacksonCore = jars.stream().filter(jar -> jar.startsWith("jackson-core-")).findFirst().orElseThrow();
        assertThat(jars).contains(jacksonCore.replace("jackson-core-", "jackson-databind-"));
        assertThat(jars).filteredOn(jar -> jar.startsWith("log4j-core-") || jar.startsWith("log4j-slf4j2-impl-")
                || jar.startsWith("jetty-webapp-")).isEmpty();
        assertThat(jars).anyMatch(jar -> jar.startsWith("sentry-segment-forwarder-"));
    }

    @Test
    void theExampleCarriesTheReadmesBlockVerbatim() throws Exception {
        Matcher embedding = Pattern.compile("(?s)\n## Embedding\n.*?```properties\n(.*?)```")
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(embedding.find()).as("README has an Embedding section with a properties block").isTrue();
        assertThat(Files.readString(Path.of("examples/embedded-host/src/main/resources/application.properties")))
                .contains(embedding.group(1));
    }

    private static HttpResponse<String> post(EmbeddedHost host, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(host.url("/sentry/events")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
