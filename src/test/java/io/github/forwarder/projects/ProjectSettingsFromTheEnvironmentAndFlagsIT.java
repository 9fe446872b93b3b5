package io.github.forwarder.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.SentryFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged forwarder takes per-project settings from the environment alone and from -D flags, as an operator
 * gives them: alpha's events carry alpha's write key, gamma's are answered project-disabled and never reach
 * Segment, a slug with a dash is declared by FORWARDER_PROJECTS, the start-up summary names each project with its
 * key masked, and a variable that can never match stops start-up naming it.
 */
class ProjectSettingsFromTheEnvironmentAndFlagsIT {

    private static final String ALPHA_KEY = "alpha-wk-5d6e7f8091a2b3c4";
    private static final String MOBILE_KEY = "mobile-wk-99aa88bb77cc66dd";
    private static final String MOBILE_EVENT = "sentry-e5b7c9d1f3a54b6d8e0f2a4c6e8b0d2f";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void settingsFromTheEnvironmentAloneTakeEffect() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             ForkedForwarder forwarder = ForkedForwarder.start(Map.of(), Map.of(
                     "FORWARDER_DATADIR", dataDir.toString(),
                     "SEGMENT_BASEURL", segment.baseUrl(),
                     "SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY,
                     "FORWARDER_PROJECTS", "mobile-api",
                     "FORWARDER_PROJECTS_ALPHA_WRITEKEY", ALPHA_KEY,
                     "FORWARDER_PROJECTS_GAMMA_ENABLED", "false",
                     "FORWARDER_PROJECTS_MOBILE_API_WRITEKEY", MOBILE_KEY))) {
            HttpResponse<String> gamma = post(forwarder, SentryEvents.forwardable(2, "gamma"));
            post(forwarder, SentryEvents.forwardable(1, "alpha"));
            post(forwarder, SentryFixtures.bytes("service-hook-event-created.json")); // slug mobile-api
            post(forwarder, SentryEvents.forwardable(3, "beta"));

            assertThat(gamma.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(gamma.body()).path("reason").asText()).isEqualTo("project-disabled");
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.calls().size() >= 3);
            assertThat(keyByMessage(segment)).containsOnly(
                    Map.entry("sentry-" + SentryEvents.eventId(1), basic(ALPHA_KEY)),
                    Map.entry(MOBILE_EVENT, basic(MOBILE_KEY)),
                    Map.entry("sentry-" + SentryEvents.eventId(3), basic(SegmentStandIn.WRITE_KEY)));
            assertThat(forwarder.console())
                    .contains("projects: alpha (on, write key ****b3c4, " + segment.baseUrl() + "), "
                            + "gamma (off, default write key ****4a60, " + segment.baseUrl() + "), "
                            + "mobile-api (on, write key ****66dd, " + segment.baseUrl() + ")")
                    .doesNotContain(ALPHA_KEY).doesNotContain(MOBILE_KEY);
        }
    }

    @Test
    void settingsFromDashDFlagsTakeEffect() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             ForkedForwarder forwarder = ForkedForwarder.start(Map.of(
                     "forwarder.dataDir", dataDir.toString(),
                     "segment.baseUrl", segment.baseUrl(),
                     "forwarder.projects.alpha.writeKey", ALPHA_KEY,
                     "forwarder.projects.gamma.enabled", "false"),
                     Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY))) {
            HttpResponse<String> gamma = post(forwarder, SentryEvents.forwardable(2, "gamma"));
            post(forwarder, SentryEvents.forwardable(1, "alpha"));
            post(forwarder, SentryEvents.forwardable(3, "beta"));

            assertThat(gamma.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(gamma.body()).path("reason").asText()).isEqualTo("project-disabled");
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.calls().size() >= 2);
            assertThat(keyByMessage(segment)).containsOnly(
                    Map.entry("sentry-" + SentryEvents.eventId(1), basic(ALPHA_KEY)),
                    Map.entry("sentry-" + SentryEvents.eventId(3), basic(SegmentStandIn.WRITE_KEY)));
            assertThat(forwarder.console())
                    .contains("projects: alpha (on, write key ****b3c4, " + segment.baseUrl() + "), "
                            + "gamma (off, default write key ****4a60, " + segment.baseUrl() + ")")
                    .doesNotContain(ALPHA_KEY);
        }
    }

    @Test
    void aVariableThatCanNeverMatchStopsStartUp() {
        assertThatThrownBy(() -> ForkedForwarder.start(Map.of("forwarder.dataDir", dataDir.toString()), Map.of(
                        "FORWARDER_PROJECTS_ALPHA_WIRTEKEY", ALPHA_KEY,
                        "FORWARDER_PROJECTS_GAMMA_ENABLED", "maybe")))
                .hasMessageContaining("the forwarder exited")
                .hasMessageContaining("environment variable FORWARDER_PROJECTS_ALPHA_WIRTEKEY is not a project setting")
                .hasMessageContaining("forwarder.projects.gamma.enabled (FORWARDER_PROJECTS_GAMMA_ENABLED) is \"maybe\"")
                .message().doesNotContain(ALPHA_KEY);
    }

    private static Map<String, String> keyByMessage(SegmentStandIn segment) {
        return segment.calls().stream().collect(Collectors.toMap(
                r -> r.json().get("messageId").asText(), r -> r.header("Authorization")));
    }

    private static HttpResponse<String> post(ForkedForwarder forwarder, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + forwarder.httpPort() + "/sentry/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
