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
            // One event first: the burst is then measured on a warm connection, as in steady operation. (A cold
            // first request can arrive 100 ms late and make the next second's window look short.)
            forwarder.post(SentryEvents.forwardable(EVENTS));
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.received().size() == 1);
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            for (int i = 0; i < EVENTS; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.received().size() == EVENTS + 1);
            List<Instant> times = segment.received().stream().skip(1).map(SegmentStandIn.Received::at).sorted().toList();
            // In any window of just under a second at most RATE requests arrive. The margin is for arrival jitter: the
            // burst opens new connections, which delays some arrivals by up to ~120 ms after the throttle let them pass.
            // A missing or doubled rate shows windows of 0.1 s or 0.5 s.
            for (int i = 0; i + RATE < times.size(); i++) {
                assertThat(Duration.between(times.get(i), times.get(i + RATE)))
                        .as("requests %d..%d of %s", i, i + RATE, times).isGreaterThan(Duration.ofMillis(850));
            }
            assertThat(segment.received().stream().map(r -> r.json().get("messageId").asText()).distinct())
                    .hasSize(EVENTS + 1);
        }
    }
}
