package io.github.forwarder.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Track message that would exceed Segment's 32 KB limit is never sent as is: each of its text values is cut to
 * fit in 1,024 bytes of JSON (1,024 ASCII characters; fewer when characters take several bytes or escapes,
 * never half a character), {@code properties.trimmed} says so, and the event is delivered, not dead-lettered.
 * A message under the limit is sent whole.
 */
class OversizeMessagesAreTrimmedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 32 * 1024;

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @Test
    void hugeTransactionUrlAndUserAgentAreCutTo1024Characters() {
        String transaction = "/checkout/" + "t".repeat(300_000);
        String url = "https://shop.example.com/" + "u".repeat(300_000);
        String userAgent = "Mozilla/5.0 " + "a".repeat(300_000);

        JsonNode sent = deliver(event("a0000000000000000000000000000001", transaction, url, userAgent));

        assertThat(sent.get("properties").get("trimmed").asBoolean()).isTrue();
        assertThat(sent.get("properties").get("transaction").asText()).isEqualTo(transaction.substring(0, 1024));
        assertThat(sent.get("context").get("page").get("url").asText()).isEqualTo(url.substring(0, 1024));
        assertThat(sent.get("context").get("userAgent").asText()).isEqualTo(userAgent.substring(0, 1024));
        assertThat(sent.get("messageId").asText()).isEqualTo("sentry-a0000000000000000000000000000001");
        assertThat(sent.get("userId").asText()).isEqualTo("1");
        assertThat(sent.get("properties").get("release").asText()).isEqualTo("web@2.4.1");
    }

    @Test
    void multiByteCharactersAreNeverCutInHalf() {
        String emoji = "\uD83D\uDE00";

        JsonNode sent = deliver(event("a0000000000000000000000000000002", emoji.repeat(20_000), "https://x.example/", "ua"));

        assertThat(sent.get("properties").get("trimmed").asBoolean()).isTrue();
        assertThat(sent.get("properties").get("transaction").asText()).isEqualTo(emoji.repeat(256));
    }

    @Test
    void escapeHeavyValuesAreCutByTheirJsonBytes() {
        // Each control character is written as \\u0001, six bytes: 1,024 of them would be 6 KiB.
        String control = "\u0001".repeat(5_000);
        ObjectNode event = event("a0000000000000000000000000000003", control, control, control);
        event.put("release", control).put("environment", control).put("level", control);
        ((ObjectNode) event.get("exception").get("values").get(0)).put("type", control);

        JsonNode sent = deliver(event);

        assertThat(sent.get("properties").get("trimmed").asBoolean()).isTrue();
        assertThat(sent.get("properties").get("release").asText()).isEqualTo("\u0001".repeat(170));
        assertThat(RUNNING.forwarder().filesIn("dead-letter")).isEmpty();
    }

    @Test
    void aMessageUnderTheLimitIsSentWhole() {
        String transaction = "/search/" + "q".repeat(5_000);

        JsonNode sent = deliver(event("a0000000000000000000000000000004", transaction, "https://x.example/", "ua"));

        assertThat(sent.get("properties").has("trimmed")).isFalse();
        assertThat(sent.get("properties").get("transaction").asText()).isEqualTo(transaction);
    }

    /** Posts the event and returns what reached Segment for it, checked to be within the limit. */
    private static JsonNode deliver(ObjectNode event) {
        String eventId = event.get("event_id").asText();
        assertThat(RUNNING.forwarder().post(event.toString().getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().trackCallOf(eventId).isPresent());
        SegmentStandIn.Received received = RUNNING.segment().trackCallOf(eventId).orElseThrow();
        assertThat(received.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
        return received.json();
    }

    private static ObjectNode event(String eventId, String transaction, String url, String userAgent) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(SentryFixtures.bytes("sdk-event-modern.json"));
            event.put("event_id", eventId).put("transaction", transaction);
            ObjectNode request = (ObjectNode) event.get("request");
            request.put("url", url);
            ((ObjectNode) request.get("headers")).put("user-agent", userAgent);
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
