package io.github.forwarder.ops;

import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.PrometheusScrape;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * forwarder_throttle_queue_depth shows the events waiting for the rate (one at a time while the source is consumed
 * by a single thread), and drops to 0 once they are sent.
 */
class ThrottleQueueDepthIsVisibleTest {

    @Test
    void eventsOverTheRateShowAsQueued() {
        // one request per event (not the default batches): four events are then four requests over a rate of 1/s
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", 1).start()) {
            for (String fixture : new String[] {"sdk-event-modern.json", "sdk-event-python.json", "sdk-event-go.json",
                "sdk-event-elixir.json"}) {
                forwarder.post(SentryFixtures.bytes(fixture));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> depth(forwarder) >= 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 4 && depth(forwarder) == 0);
        }
    }

    private static double depth(RunningForwarder forwarder) {
        return new PrometheusScrape(forwarder.management("/observe/metrics").body())
                .count("forwarder_throttle_queue_depth");
    }
}
