package io.github.forwarder.support;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Events whose fate is known, for tests that watch the counters move: one of each outcome through the intake. */
public final class KnownOutcomes {

    private KnownOutcomes() {
    }

    /**
     * Forwarded after one retry (Segment answers 503, then 200), filtered at the intake (an integration-platform
     * "error" webhook without a user id), and dead-lettered on a permanent 400; returns once all three happened.
     */
    public static void forwardedFilteredAndDeadLettered(RunningForwarder forwarder, SegmentStandIn segment) {
        int before = segment.received().size();
        segment.answerNext(status(503));
        forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
        await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == before + 2);
        forwarder.post(SentryFixtures.bytes("error-no-user.json"));
        segment.answerNext(status(400));
        forwarder.post(SentryFixtures.bytes("service-hook-event-created.json"));
        await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
    }
}
