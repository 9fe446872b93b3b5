package io.github.forwarder.ops;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** A readiness-only check of the forwarder: liveness stays UP, since a restart would not fix what it sees. */
abstract class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<Instant> clock;

    ReadinessCheck(String id, Supplier<Instant> clock) {
        super("forwarder", id);
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String whyDown = whyDown(clock.get(), builder);
        if (whyDown == null) {
            builder.up();
        } else {
            builder.message(whyDown).down();
        }
    }

    /** Null when ready; may add details to the result. */
    protected abstract String whyDown(Instant now, HealthCheckResultBuilder result);
}
