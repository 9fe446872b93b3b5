package io.github.forwarder.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the dead-letter store grew within the last forwarder.health.deadLetterWindowMs. */
public final class DeadLetterReadinessCheck extends AbstractHealthCheck {

    private final DeadLetterStore store;
    private final Duration window;
    private final Supplier<Instant> clock;

    public DeadLetterReadinessCheck(DeadLetterStore store, Duration window, Supplier<Instant> clock) {
        super("forwarder", "dead-letters-steady");
        this.store = store;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant last = store.lastWritten();
        builder.detail("deadLetters", store.count());
        if (last != null && Duration.between(last, clock.get()).compareTo(window) < 0) {
            builder.detail("lastDeadLetter", last.toString());
            builder.message("An event was dead-lettered at " + last).down();
        } else {
            builder.up();
        }
    }
}
