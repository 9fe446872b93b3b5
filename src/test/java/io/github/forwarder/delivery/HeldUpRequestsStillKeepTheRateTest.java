package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.TestRoutes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * Calls held up on their way and let go together (a cold start, the first calls after a pause) still reach Segment
 * at the rate in any sliding second: the first requests of a fresh client, slower on their way than those behind
 * them, do not bunch up with those.
 */
class HeldUpRequestsStillKeepTheRateTest {

    @Test
    void aFreshForwardersFirstCallsReachSegmentAtTheRate() {
        int rate = 10;
        try (SegmentStandIn segment = new SegmentStandIn(); RunningForwarder forwarder = started(segment, rate)) {
            List<CompletableFuture<Exchange>> sent = ThrottleHoldsTheRateTest.sendTrackCalls(forwarder, 3 * rate);

            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            Arrivals arrivals = Arrivals.of(segment.received());
            assertThat(arrivals.busiestSecond().count()).as("busiest second %s; shortest span of %d requests %s",
                    arrivals.busiestSecond(), rate + 1, arrivals.shortestSpanOf(rate + 1)).isLessThanOrEqualTo(rate);
            assertThat(segment.deliveredMessageIds()).hasSize(3 * rate).doesNotHaveDuplicates();
        }
    }

    @Test
    void theFirstCallsAfterAPauseReachSegmentAtTheRate() {
        int rate = 10;
        try (SegmentStandIn segment = new SegmentStandIn(); RunningForwarder forwarder = started(segment, rate)) {
            CompletableFuture.allOf(ThrottleHoldsTheRateTest.sendTrackCalls(forwarder, rate, "before")
                    .toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
            Instant paused = Instant.now();
            // a pause longer than the window: the log holds no departure that still counts
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(paused.plusMillis(1200)));

            List<CompletableFuture<Exchange>> sent = ThrottleHoldsTheRateTest.sendTrackCalls(forwarder, 2 * rate,
                    "after");
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
            Arrivals arrivals = Arrivals.of(segment.received());
            assertThat(arrivals.busiestSecond().count()).as("busiest second %s; shortest span of %d requests %s",
                    arrivals.busiestSecond(), rate + 1, arrivals.shortestSpanOf(rate + 1)).isLessThanOrEqualTo(rate);
            assertThat(segment.deliveredMessageIds()).hasSize(3 * rate).doesNotHaveDuplicates();
        }
    }

    private static RunningForwarder started(SegmentStandIn segment, int rate) {
        return RunningForwarder.with().segment(segment)
                .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                .property("orders.segment.writeKey", "orders-wk-0a1b2c3d4e5f6789")
                .property("forwarder.throttle.rate", rate).start();
    }
}
