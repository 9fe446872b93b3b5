package io.github.forwarder.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rate holds per destination write key: a burst to one project's Segment source waits its turn (nothing
 * dropped) without delaying another project's events beyond that project's own rate.
 */
class NoisyProjectDoesNotDelayOthersTest {

    private static final int RATE = 2;
    private static final int BURST = 10;

    @Test
    void aBurstOnOneKeyLeavesTheOtherOnTime() {
        // one request per event (not the default batches), so that the burst on one key waits for its rate
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", RATE)
                     .property("forwarder.projects.noisy.writeKey", "noisy-wk-aaaabbbbccccdddd")
                     .property("forwarder.projects.quiet.writeKey", "quiet-wk-eeeeffff00001111").start()) {
            for (int i = 0; i < BURST; i++) {
                forwarder.post(SentryEvents.forwardable(i, "noisy"));
            }
            Instant quietPosted = Instant.now();
            forwarder.post(SentryEvents.forwardable(BURST, "quiet"));

            String quietId = "sentry-" + SentryEvents.eventId(BURST);
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() == BURST + 1);
            Instant quietArrived = segment.calls().stream()
                    .filter(r -> r.json().get("messageId").asText().equals(quietId)).findFirst().orElseThrow().at();
            Instant noisyLast = segment.calls().stream().map(SegmentStandIn.Received::at).max(Instant::compareTo).orElseThrow();

            // the noisy burst needs (10 - 2) / 2 = 4 s; the quiet event goes within its own first second
            assertThat(Duration.between(quietPosted, quietArrived)).isLessThan(Duration.ofMillis(1500));
            assertThat(noisyLast).isAfter(quietArrived.plusSeconds(2));
        }
    }
}
