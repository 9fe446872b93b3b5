package io.github.forwarder.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * By default a Segment outage of any length loses nothing: while Segment refuses connections the events wait in
 * the spool, retried with bounded backoff, and they all flow once Segment is back; none is dead-lettered.
 */
class SegmentOutageLosesNothingTest {

    private static final int EVENTS = 5;

    @Test
    void eventsWaitThroughAnOutageAndFlowWhenSegmentReturns() {
        SegmentStandIn before = new SegmentStandIn();
        int port = before.port();
        before.close();
        try (RunningForwarder forwarder = RunningForwarder.with()
                .property("segment.baseUrl", "http://127.0.0.1:" + port)
                .property("segment.writeKey", SegmentStandIn.WRITE_KEY)
                // the default (unlimited) retries, with waits short enough for a test
                .property("forwarder.redelivery.initialDelayMs", 50)
                .property("forwarder.redelivery.maximumDelayMs", 300).start()) {
            for (int i = 0; i < EVENTS; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }
            // Many retry rounds pass (a 10-retry budget at these waits is spent in about 2.5 s) and nothing is lost.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> forwarder.filesIn("dead-letter").isEmpty() && forwarder.eventIdsInSpool().size() == EVENTS);

            try (SegmentStandIn segment = new SegmentStandIn(port)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == EVENTS);
                assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, EVENTS).mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList());
                await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
                assertThat(forwarder.filesIn("dead-letter")).isEmpty();
            }
        }
    }
}
