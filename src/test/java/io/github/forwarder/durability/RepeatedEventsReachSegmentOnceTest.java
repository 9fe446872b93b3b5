package io.github.forwarder.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.github.forwarder.support.SegmentStandIn.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sentry retries webhooks, and a service hook and an alert may carry the same event: an event id already
 * delivered is not sent again, also after a restart on the same data folder.
 */
class RepeatedEventsReachSegmentOnceTest {

    private static final String MESSAGE_ID = "sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b";

    @Test
    void theSameEventIsDeliveredOnceAcrossRepeatsAndRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("forwarder-data-");
        try (SegmentStandIn segment = new SegmentStandIn()) {
            try (RunningForwarder forwarder = RunningForwarder.with().segment(segment).dataDir(dataDir).start()) {
                assertThat(forwarder.post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);

                forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
                forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
                await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
            }
            try (RunningForwarder restarted = RunningForwarder.with().segment(segment).dataDir(dataDir).start()) {
                restarted.post(SentryFixtures.bytes("sdk-event-modern.json"));
                await().atMost(Duration.ofSeconds(10)).until(() -> restarted.filesIn("spool").isEmpty());
                // a different event still goes, and behind it nothing of the repeated one
                restarted.post(SentryFixtures.bytes("stored-event.json"));
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 2);
            }
            List<String> delivered = segment.deliveredMessageIds();
            assertThat(delivered).containsOnlyOnce(MESSAGE_ID).hasSize(2);
        }
    }

    /** A webhook retry after a slow answer: the repeats arrive while the first copy waits for Segment. */
    @Test
    void repeatsThatArriveWhileTheFirstCopyIsInFlightAreNotSentAgain() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder forwarder = RunningForwarder.with().segment(segment).start()) {
            // the first call takes 3 s, then fails with a 503 and is retried: the copy is in flight all along
            segment.answerNext(new Answer(503, "{}", Map.of("Retry-After", "1"), 3000));
            for (int i = 0; i < 3; i++) {
                assertThat(forwarder.post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.filesIn("spool").isEmpty());

            assertThat(segment.deliveredMessageIds()).containsExactly(MESSAGE_ID);
            assertThat(segment.received()).as("the first attempt and its one retry, nothing for the repeats")
                    .hasSize(2);
        }
    }
}
