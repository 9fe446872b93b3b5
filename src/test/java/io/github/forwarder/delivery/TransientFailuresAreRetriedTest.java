package io.github.forwarder.delivery;

import static io.github.forwarder.support.SegmentStandIn.Answer.retryAfter;
import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 5xx and 429 answers are retried with backoff until Segment takes the event, with the same messageId each time;
 * a Retry-After answer sets the wait.
 */
class TransientFailuresAreRetriedTest {

    @Test
    void serverErrorsAreRetriedWithTheSameMessage() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(5).start()) {
            segment.answerNext(status(503), status(500), status(502));

            assertThat(forwarder.post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 4);
            List<String> bodies = segment.received().stream().map(SegmentStandIn.Received::body).distinct().toList();
            assertThat(bodies).hasSize(1);
            assertThat(segment.received().get(3).messages()).singleElement()
                    .satisfies(message -> assertThat(message.get("messageId").asText())
                            .isEqualTo("sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> segment.received().size() == 4);
            assertThat(forwarder.filesIn("dead-letter")).isEmpty();
        }
    }

    @Test
    void retryAfterSetsTheWaitInsteadOfTheBackoff() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(3).start()) {
            segment.answerNext(retryAfter(429, "2"));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 2);
            Duration gap = Duration.between(segment.received().get(0).at(), segment.received().get(1).at());
            // The configured backoff is 50 ms; only Retry-After explains a wait of about two seconds.
            assertThat(gap).isBetween(Duration.ofMillis(1900), Duration.ofMillis(4000));
        }
    }
}
