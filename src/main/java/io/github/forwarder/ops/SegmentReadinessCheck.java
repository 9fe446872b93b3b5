package io.github.forwarder.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/** Readiness: DOWN once Segment has been failing for longer than forwarder.health.segmentFailingForMs. */
public final class SegmentReadinessCheck extends ReadinessCheck {

    private final SegmentReachability segment;
    private final Duration threshold;

    public SegmentReadinessCheck(SegmentReachability segment, Duration threshold, Supplier<Instant> clock) {
        super("segment-reachable", clock);
        this.segment = segment;
        this.threshold = threshold;
    }

    @Override
    protected String whyDown(Instant now, HealthCheckResultBuilder result) {
        Instant since = segment.failingSince();
        if (since == null || Duration.between(since, now).compareTo(threshold) <= 0) {
            return null;
        }
        result.detail("failingSince", since.toString());
        return "Segment has been failing since " + since;
    }
}
