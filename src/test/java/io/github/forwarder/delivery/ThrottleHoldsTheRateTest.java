package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A burst above forwarder.throttle.rate waits: every event reaches Segment, never more than the rate per second. */
class ThrottleHoldsTheRateTest {

    private static final int RATE = 5;
    private static final int EVENTS = 16;

    @Test
    void aBurstIsDelayedNotDropped() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.throttle.rate", RATE).start()) {
            for (int i = 0; i < EVENTS; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.received().size() == EVENTS);
            List<Instant> times = segment.received().stream().map(SegmentStandIn.Received::at).sorted().toList();
            // In any window of just under a second at most RATE requests arrive (a small margin for network jitter).
            for (int i = 0; i + RATE < times.size(); i++) {
                assertThat(Duration.between(times.get(i), times.get(i + RATE)))
                        .as("requests %d..%d", i, i + RATE).isGreaterThan(Duration.ofMillis(900));
            }
            assertThat(segment.received().stream().map(r -> r.json().get("messageId").asText()).distinct())
                    .hasSize(EVENTS);
        }
    }
}
