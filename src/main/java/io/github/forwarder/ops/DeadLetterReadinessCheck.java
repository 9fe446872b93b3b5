package io.github.forwarder.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/** Readiness: DOWN while the dead-letter store grew within the last forwarder.health.deadLetterWindowMs. */
public final class DeadLetterReadinessCheck extends ReadinessCheck {

    private final DeadLetterStore store;
    private final Duration window;

    public DeadLetterReadinessCheck(DeadLetterStore store, Duration window, Supplier<Instant> clock) {
        super("dead-letters-steady", clock);
        this.store = store;
        this.window = window;
    }

    @Override
    protected String whyDown(Instant now, HealthCheckResultBuilder result) {
        result.detail("deadLetters", store.count());
        Instant last = store.lastWritten();
        if (last == null || Duration.between(last, now).compareTo(window) >= 0) {
            return null;
        }
        result.detail("lastDeadLetter", last.toString());
        return "An event was dead-lettered at " + last;
    }
}
