package io.github.forwarder.ops;

import io.github.forwarder.intake.IntakeStoreHealth;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness: DOWN while the intake's store cannot write (disk full, folder gone or not writable, broker refusing),
 * naming the store and the reason, since every event is answered 503 then. UP again once a write succeeds.
 */
public final class IntakeStoreReadinessCheck extends ReadinessCheck {

    private final IntakeStoreHealth store;

    public IntakeStoreReadinessCheck(IntakeStoreHealth store, Supplier<Instant> clock) {
        super("intake-store-writable", clock);
        this.store = store;
    }

    @Override
    protected String whyDown(Instant now, HealthCheckResultBuilder result) {
        IntakeStoreHealth.Failing failing = store.failing();
        if (failing == null) {
            return null;
        }
        result.detail("store", failing.store());
        result.detail("failingSince", failing.since().toString());
        return "The intake cannot store events in " + failing.store() + ": " + failing.reason();
    }
}
