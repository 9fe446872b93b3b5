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
 * The rate can be changed while the forwarder runs (as an operator's JMX attribute will): calls already waiting
 * follow the new rate within a second, slower or faster.
 */
class RateChangesTakeEffectAtOnceTest {

    @Test
    void waitingCallsFollowANewRate() {
        int calls = 120;
        // one request per call (not the default batches): the calls then wait for the rate as requests do
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                     .property("orders.segment.writeKey", "orders-wk-0a1b2c3d4e5f6789")
                     .property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", 20).start()) {
            SegmentRateLimit rateLimit = forwarder.context().getRegistry()
                    .lookupByNameAndType("segmentRateLimit", SegmentRateLimit.class);
            List<CompletableFuture<Exchange>> sent = ThrottleHoldsTheRateTest.sendTrackCalls(forwarder, calls);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() >= 10);

            rateLimit.setRate(2);
            Instant slower = Instant.now();
            assertThat(rateLimit.rate()).isEqualTo(2);
            Instant oneSecondOn = slower.plusSeconds(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> arrivedSince(segment, oneSecondOn).size() >= 5);
            Arrivals atTwo = Arrivals.of(arrivedSince(segment, oneSecondOn));
            assertThat(atTwo.busiestSecond().count()).as("busiest second %s", atTwo.busiestSecond())
                    .isLessThanOrEqualTo(2);

            rateLimit.setRate(200);
            Instant faster = Instant.now();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
            // About 100 calls were still waiting: at 2/s they would take 50 s; at 200/s half a second.
            List<SegmentStandIn.Received> rest = arrivedSince(segment, faster);
            assertThat(rest).hasSizeGreaterThan(80);
            assertThat(rest.stream().map(SegmentStandIn.Received::at).max(Instant::compareTo).orElseThrow())
                    .isBefore(faster.plusSeconds(2));
            assertThat(Arrivals.of(rest).busiestSecond().count()).isLessThanOrEqualTo(200);
            assertThat(segment.deliveredMessageIds()).hasSize(calls).doesNotHaveDuplicates();
        }
    }

    private static List<SegmentStandIn.Received> arrivedSince(SegmentStandIn segment, Instant from) {
        return segment.received().stream().filter(r -> !r.at().isBefore(from)).toList();
    }
}
