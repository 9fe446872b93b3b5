package io.github.forwarder.durability;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Once the cause is fixed, dead letters are re-driven: one by event id or all, through the token-protected admin
 * endpoint, or by moving entries into the replay folder. A replayed event is delivered even though it was seen.
 */
class DeadLettersCanBeReplayedTest {

    private static final String TOKEN = "admin-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replaysOneByEventIdThenAllThroughTheAdminEndpoint() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = forwarderWithThreeDeadLetters(segment)) {

            HttpResponse<String> one = replay(forwarder, "?eventId=" + SentryEvents.eventId(1), "Bearer " + TOKEN);
            assertThat(one.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(one.body()).get("replaying").get(0).asText()).isEqualTo(SentryEvents.eventId(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds()
                    .equals(java.util.List.of("sentry-" + SentryEvents.eventId(1))));
            assertThat(forwarder.filesIn("dead-letter")).hasSize(2);

            HttpResponse<String> all = replay(forwarder, "", "Bearer " + TOKEN);
            assertThat(JSON.readTree(all.body()).get("replaying")).hasSize(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("dead-letter").isEmpty()
                    && forwarder.filesIn("replay").isEmpty());
        }
    }

    @Test
    void movingAnEntryIntoTheReplayFolderReplaysIt() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = forwarderWithThreeDeadLetters(segment)) {
            Files.createDirectories(forwarder.dataDir().resolve("replay"));
            String name = SentryEvents.eventId(2) + ".json";
            Files.move(forwarder.deadLetterDir().resolve(name), forwarder.dataDir().resolve("replay").resolve(name));

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds()
                    .equals(java.util.List.of("sentry-" + SentryEvents.eventId(2))));
        }
    }

    @Test
    void theAdminEndpointRefusesAMissingOrWrongToken() throws Exception {
        try (RunningForwarder forwarder = RunningForwarder.with().property("forwarder.admin.token", TOKEN).start()) {
            HttpResponse<String> missing = replay(forwarder, "", null);
            HttpResponse<String> wrong = replay(forwarder, "", "Bearer not-the-token");

            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).get("error").asText()).isNotBlank().doesNotContain(TOKEN);
        }
        try (RunningForwarder withoutToken = RunningForwarder.with().start()) {
            HttpResponse<String> disabled = replay(withoutToken, "", "Bearer anything");
            assertThat(disabled.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(disabled.body()).get("error").asText()).contains("forwarder.admin.token");
        }
    }

    /** Three events refused with 400 while the cause (say, a wrong payload rule at Segment) is not fixed. */
    private static RunningForwarder forwarderWithThreeDeadLetters(SegmentStandIn segment) {
        RunningForwarder forwarder = RunningForwarder.with().segment(segment).property("forwarder.admin.token", TOKEN).start();
        segment.failEverything(status(400));
        for (int i = 0; i < 3; i++) {
            forwarder.post(SentryEvents.forwardable(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").size() == 3);
        segment.recover();
        return forwarder;
    }

    private static HttpResponse<String> replay(RunningForwarder forwarder, String query, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://localhost:" + forwarder.httpPort() + "/admin/dead-letters/replay" + query))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
