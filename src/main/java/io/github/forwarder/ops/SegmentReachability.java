package io.github.forwarder.ops;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Whether Segment has been failing, as the Segment calls themselves show it: a connection error, a timeout or a
 * 5xx starts (or continues) an outage; any other answer ends it. Without traffic the last state stands.
 */
public final class SegmentReachability {

    private final Supplier<Instant> clock;
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();

    public SegmentReachability(Supplier<Instant> clock) {
        this.clock = clock;
    }

    public void answered() {
        failingSince.set(null);
    }

    public void failed() {
        failingSince.compareAndSet(null, clock.get());
    }

    /** Null while Segment answers. */
    public Instant failingSince() {
        return failingSince.get();
    }
}
