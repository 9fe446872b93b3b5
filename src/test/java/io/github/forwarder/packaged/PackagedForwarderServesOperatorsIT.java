package io.github.forwarder.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForkedForwarder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar serves operators too: the Hawtio console (from the war inside the jar), health and metrics;
 * with -Dforwarder.logFormat=json every console line is a JSON object, the routes' lines name their route in the
 * MDC, and the console password is in none.
 */
class PackagedForwarderServesOperatorsIT {

    private static final String PASSWORD = "packaged-console-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void consoleHealthMetricsAndJsonLogs() throws Exception {
        try (ForkedForwarder forwarder = ForkedForwarder.start(
                Map.of("forwarder.dataDir", dataDir.toString(), "forwarder.logFormat", "json"),
                Map.of("FORWARDER_CONSOLE_PASSWORD", PASSWORD))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.console().contains("Hawtio console at"));
            HttpResponse<String> console = get("http://localhost:" + forwarder.consolePort() + "/hawtio/login");
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("<title>Hawtio</title>");
            await().atMost(Duration.ofSeconds(10)).until(() -> get(observe(forwarder, "health")).statusCode() == 200);
            assertThat(get(observe(forwarder, "metrics")).body()).contains("forwarder_events_received_total");

            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + forwarder.httpPort() + "/sentry/events")).POST(HttpRequest.BodyPublishers.ofString("not json"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.console().contains("Refused intake request"));

            ObjectMapper json = new ObjectMapper();
            List<String> refusalRoutes = new ArrayList<>();
            for (String line : forwarder.console().lines().toList()) {
                JsonNode logged = json.readTree(line);
                assertThat(logged.get("message")).as(line).isNotNull();
                if (logged.get("message").asText().startsWith("Refused intake request")) {
                    refusalRoutes.add(logged.path("contextMap").path("camel.routeId").asText());
                }
            }
            // the MDC that Camel fills as the exchange moves (camel.main.useMdcLogging) reaches the line
            assertThat(refusalRoutes).containsExactly("receive-sentry-webhooks");
            assertThat(forwarder.console()).doesNotContain(PASSWORD);
        }
    }

    private static String observe(ForkedForwarder forwarder, String what) {
        return "http://localhost:" + forwarder.managementPort() + "/observe/" + what;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
