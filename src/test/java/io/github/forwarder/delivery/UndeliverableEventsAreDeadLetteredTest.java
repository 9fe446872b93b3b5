package io.github.forwarder.delivery;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Permanent failures (4xx other than 408/429) are not retried, exhausted retries and an unreachable Segment end
 * in the dead-letter store: one entry per event with the original input, the reason and Segment's last answer.
 */
class UndeliverableEventsAreDeadLetteredTest {

    private static final String EVENT_ID = "5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b";

    @ParameterizedTest(name = "Segment answers {0}")
    @ValueSource(ints = {400, 401, 403, 413})
    void permanentFailuresAreNotRetried(int answer) {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(5).start()) {
            segment.answerNext(status(answer));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            JsonNode entry = awaitDeadLetter(forwarder);
            assertThat(entry.get("reason").asText()).startsWith("Segment answered " + answer + " ")
                    .endsWith("; not retried (a 4xx answer is permanent)");
            assertThat(entry.get("segmentAnswer").get("status").asInt()).isEqualTo(answer);
            assertThat(entry.get("segmentAnswer").get("body").asText()).isEqualTo("{\"success\":false}");
            // as posted, on one line: the spool holds an event per line, its line breaks (whitespace) as spaces
            assertThat(entry.get("input").asText().strip()).isEqualTo(SentryFixtures.text("sdk-event-modern.json")
                    .replace('\n', ' ').replace('\r', ' ').strip());
            assertThat(entry.get("segmentMessage").get("messageId").asText()).isEqualTo("sentry-" + EVENT_ID);
            assertThat(segment.received()).hasSize(1);
        }
    }

    @Test
    void aPermanentFailureDuringRetriesEndsThem() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(5).start()) {
            segment.answerNext(status(503), status(401));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            JsonNode entry = awaitDeadLetter(forwarder);
            assertThat(entry.get("reason").asText()).startsWith("Segment answered 401 ");
            assertThat(entry.get("segmentAttempts").asInt()).isEqualTo(2);
            assertThat(segment.received()).hasSize(2);
        }
    }

    @Test
    void exhaustedRetriesAreDeadLettered() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(2).start()) {
            segment.answerNext(status(503), status(503), status(503), status(503));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            JsonNode entry = awaitDeadLetter(forwarder);
            assertThat(entry.get("reason").asText()).isEqualTo("Segment answered 503 Service Unavailable; gave up after 3 attempts");
            assertThat(entry.get("segmentAttempts").asInt()).isEqualTo(3);
            assertThat(segment.received()).hasSize(3);
            // the spool file goes once its events are settled, which is just after the dead letter is written
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
        }
    }

    @Test
    void anUnreachableSegmentIsRetriedThenDeadLettered() {
        SegmentStandIn gone = new SegmentStandIn();
        String unreachable = gone.baseUrl();
        gone.close();
        try (RunningForwarder forwarder = RunningForwarder.with().fastRetries(2)
                .property("segment.baseUrl", unreachable)
                .property("segment.writeKey", SegmentStandIn.WRITE_KEY).start()) {

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            JsonNode entry = awaitDeadLetter(forwarder);
            assertThat(entry.get("reason").asText())
                    .startsWith("Segment could not be reached: ")
                    .endsWith("; gave up after 3 attempts");
            assertThat(entry.has("segmentAnswer")).isFalse();
        }
    }

    private static JsonNode awaitDeadLetter(RunningForwarder forwarder) {
        Path expected = forwarder.deadLetterDir().resolve(EVENT_ID + ".json");
        await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").contains(expected));
        return DeadLetters.read(expected);
    }
}
