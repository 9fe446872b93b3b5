package io.github.forwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With forwarder.identify.enabled, the first event of a user also sends an identify call with the user's email
 * and username; later events of that user send only their Track call.
 */
class NewUsersAreIdentifiedOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFirstEventOfAUserIdentifiesThem() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.identify.enabled", true).start()) {
            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 2);

            // the same user again, in another event: no second identify
            String again = SentryFixtures.text("sdk-event-modern.json")
                    .replace("5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b", "6f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b");
            forwarder.post(again.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 3);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> segment.calls().size() == 3);

            List<JsonNode> messages = segment.calls().stream().map(SegmentStandIn.Received::json).toList();
            assertThat(messages).extracting(message -> message.get("type").asText())
                    .containsExactlyInAnyOrder("track", "identify", "track");
            assertThat(messages).filteredOn(message -> message.get("type").asText().equals("identify"))
                    .singleElement().isEqualTo(JSON.readTree("""
                    {"type": "identify", "messageId": "sentry-identify-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b",
                     "userId": "1", "timestamp": "2026-11-20T10:15:30.250Z",
                     "traits": {"email": "ada@example.com"},
                     "context": {"library": {"name": "sentry", "version": "0.1.0"}}}"""));
        }
    }
}
