package io.github.forwarder.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A stop while events wait for the rate does not wait them out (at 1/s that would take a minute) and does not
 * dead-letter them: they stay in the spool, and the next start sends them.
 */
class AStopDoesNotWaitOutTheRateTest {

    private static final int EVENTS = 60;

    @Test
    void waitingEventsStayInTheSpool() {
        try (SegmentStandIn segment = new SegmentStandIn()) {
            Path dataDir;
            Duration stopping;
            // one request per event (not the default batches), so that events are still waiting for the rate at the stop
            try (RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                    .property("segment.batch.size", 1)
                    .property("forwarder.throttle.rate", 1).start()) {
                dataDir = forwarder.dataDir();
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() >= 1);
                Instant stop = Instant.now();
                forwarder.close();
                stopping = Duration.between(stop, Instant.now());
                assertThat(forwarder.filesIn("dead-letter")).isEmpty();
                // every event Segment did not take is still in the spool (with those of its files delivered in part)
                List<String> taken = segment.deliveredMessageIds();
                assertThat(forwarder.eventIdsInSpool()).containsAll(IntStream.range(0, EVENTS)
                        .mapToObj(SentryEvents::eventId).filter(id -> !taken.contains("sentry-" + id)).toList());
            }
            assertThat(stopping).isLessThan(Duration.ofSeconds(20));

            try (RunningForwarder restarted = RunningForwarder.with().segment(segment).dataDir(dataDir)
                    .property("forwarder.throttle.rate", 100).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> restarted.filesIn("spool").isEmpty());
                List<String> delivered = segment.deliveredMessageIds();
                assertThat(delivered).hasSize(EVENTS).doesNotHaveDuplicates();
                assertThat(restarted.filesIn("dead-letter")).isEmpty();
            }
        }
    }
}
