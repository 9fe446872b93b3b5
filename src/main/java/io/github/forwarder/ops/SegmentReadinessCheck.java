package io.github.forwarder.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN once Segment has been failing for longer than forwarder.health.segmentFailingForMs. */
public final class SegmentReadinessCheck extends AbstractHealthCheck {

    private final SegmentReachability segment;
    private final Duration threshold;
    private final Supplier<Instant> clock;

    public SegmentReadinessCheck(SegmentReachability segment, Duration threshold, Supplier<Instant> clock) {
        super("forwarder", "segment-reachable");
        this.segment = segment;
        this.threshold = threshold;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant since = segment.failingSince();
        if (since != null && Duration.between(since, clock.get()).compareTo(threshold) > 0) {
            builder.detail("failingSince", since.toString());
            builder.message("Segment has been failing since " + since).down();
        } else {
            builder.up();
        }
    }
}
