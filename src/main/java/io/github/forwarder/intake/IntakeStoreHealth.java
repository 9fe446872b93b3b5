package io.github.forwarder.intake;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the intake's store (the spool folder or the jms: queue) can write, as its own writes show it. The store
 * reports each write here; readiness, the forwarder_store_failures_total counter and the log read it from here. A
 * fault is logged once when writes start failing (WARN) and once when one succeeds again (INFO); each failed write
 * in between is a DEBUG line, since every request of it is answered 503 anyway.
 */
public final class IntakeStoreHealth {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeStoreHealth.class);

    /** Why the store cannot write: the store's name ("the spool folder data/spool"), the last failure, since when. */
    public record Failing(String store, String reason, Instant since) {
    }

    private final AtomicLong failedWrites = new AtomicLong();
    private volatile Failing failing;

    /** Null while the store writes. */
    public Failing failing() {
        return failing;
    }

    /** Writes of accepted events that failed (a write carries a group of events, each answered 503). */
    public long failedWrites() {
        return failedWrites.get();
    }

    boolean isFailing() {
        return failing != null;
    }

    // The writes and probes come from the store's one writing thread: no two reports race.

    /** A write (or a probe) succeeded: the store is ready again. */
    void stored(String store) {
        Failing ended = failing;
        if (ended != null) {
            failing = null;
            LOG.info("The intake stores events in {} again (its writes failed from {} on)", store, ended.since());
        }
    }

    /** A write of {@code events} accepted events failed: each is answered 503. */
    void failed(String store, Throwable failure, int events) {
        failedWrites.incrementAndGet();
        String reason = describe(failure);
        if (failing == null) {
            LOG.warn("The intake cannot store events in {}, so it answers 503 and readiness is DOWN until a write"
                    + " succeeds: {}", store, reason);
        } else {
            LOG.debug("Could not store {} in {} either: {}", events == 1 ? "an event" : events + " events", store,
                    reason);
        }
        failing = new Failing(store, reason, failing == null ? Instant.now() : failing.since());
    }

    /** A probe, made while the store was failing and no event came, failed too: still not ready. */
    void probeFailed(String store, Throwable failure) {
        String reason = describe(failure);
        LOG.debug("The intake still cannot store events in {}: {}", store, reason);
        failing = new Failing(store, reason, failing.since());
    }

    /** The innermost cause says what went wrong (a JMS send fails inside Camel's and Spring's wrappers). */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
