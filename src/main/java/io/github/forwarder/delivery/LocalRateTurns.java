package io.github.forwarder.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The rate's turns in this process's memory: the rate holds for this forwarder alone. */
public final class LocalRateTurns implements RateTurns {

    private final LongSupplier nanoClock;
    /** Per key, the turn its latest request took (or when it left, if later). */
    private final Map<String, Long> lastTurns = new ConcurrentHashMap<>();

    public LocalRateTurns() {
        this(System::nanoTime);
    }

    /** @param nanoClock {@code System.nanoTime} or a test's clock */
    public LocalRateTurns(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public long tryLeave(String key, int rate) {
        long[] wait = new long[1];
        lastTurns.compute(key, (k, last) -> {
            long now = nanoClock.getAsLong();
            long turn = last == null ? now : last + WINDOW_NANOS / rate; // at the rate of now: a change holds at once
            if (turn - EARLY_NANOS > now) {
                wait[0] = turn - EARLY_NANOS - now;
                return last;
            }
            return Math.max(turn, now);
        });
        return wait[0];
    }
}
