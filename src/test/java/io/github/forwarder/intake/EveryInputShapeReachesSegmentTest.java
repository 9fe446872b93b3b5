package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every fixture posted to the running intake (SDK, stored, legacy, WebHooks plugin, service hooks, integration
 * webhooks): forwardable ones reach Segment exactly once as their Track call, the others are answered 202 with
 * the reason and never sent.
 */
class EveryInputShapeReachesSegmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void forwardsWhatSentryWouldAndAnswersTheRestWithTheReason() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).start()) {
            long forwardable = 0;
            for (Manifest.Case c : Manifest.documents()) {
                HttpResponse<String> answer = forwarder.post(SentryFixtures.bytes(c.fixture()));
                JsonNode body = JSON.readTree(answer.body());
                assertThat(answer.statusCode()).as(c.fixture()).isEqualTo(202);
                assertThat(body.get("eventId").asText()).as(c.fixture()).isEqualTo(c.eventId());
                if (c.forwarded()) {
                    forwardable++;
                    assertThat(body.get("status").asText()).as(c.fixture()).isEqualTo("accepted");
                } else {
                    assertThat(body.get("status").asText()).as(c.fixture()).isEqualTo("filtered");
                    assertThat(body.get("reason").asText()).as(c.fixture())
                            .isEqualTo(c.expected().get("filterReason").asText());
                }
            }
            long expected = forwardable;
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.calls().size() >= expected);

            Map<String, JsonNode> sent = segment.calls().stream().map(SegmentStandIn.Received::json)
                    .collect(Collectors.toMap(m -> m.get("messageId").asText(), Function.identity()));
            assertThat(segment.calls()).hasSize((int) expected);
            for (Manifest.Case c : Manifest.documents()) {
                if (c.forwarded()) {
                    assertThat(sent.get("sentry-" + c.eventId())).as(c.fixture()).isEqualTo(Manifest.trackCall(c));
                } else {
                    assertThat(sent).as(c.fixture()).doesNotContainKey("sentry-" + c.eventId());
                }
            }
        }
    }
}
