package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryEvents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the intake stores of an event is its body byte for byte, however the body came: with its length announced
 * (read into an array of that size, which the route takes as it is), chunked, or larger than Vert.x reserves in
 * advance (both copied). Seen where an operator sees the stored input: the dead letter of an event Segment refuses.
 */
class TheBodyIsKeptAsSentTest {

    private static final String REFUSED = "refused-user";

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @BeforeAll
    static void segmentRefusesTheseEvents() {
        RUNNING.segment().refuseMessagesContaining(REFUSED);
    }

    @ParameterizedTest(name = "{0}, padding {2} bytes")
    @CsvSource({"length announced, false, 0", "chunked, true, 0", "length announced, false, 100000",
            "chunked, true, 100000"})
    void theDeadLetterHoldsTheBodyAsPosted(String how, boolean chunked, int padding) throws Exception {
        int n = 7_000 + (chunked ? 1 : 0) + padding;
        String event = new String(SentryEvents.forwardable(n), StandardCharsets.UTF_8)
                .replace("\"u" + n + "\"", "\"" + REFUSED + "\"");
        String body = "{\"extra\":{\"padding\":\"" + "é".repeat(padding / 2) + "\"}," + event.substring(1);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = chunked ? RUNNING.forwarder().postChunked(bytes) : RUNNING.forwarder().post(bytes);

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode entry = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(SentryEvents.eventId(n)),
                Optional::isPresent).orElseThrow();
        assertThat(entry.get("reason").asText()).startsWith("Segment answered 400");
        assertThat(entry.get("input").asText()).isEqualTo(body);
    }

    private static Optional<JsonNode> deadLetterOf(String eventId) {
        return RUNNING.forwarder().filesIn("dead-letter").stream().map(DeadLetters::read)
                .filter(entry -> eventId.equals(entry.path("eventId").asText())).findFirst();
    }
}
