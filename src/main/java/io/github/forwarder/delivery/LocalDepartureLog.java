package io.github.forwarder.delivery;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** The rate's departure log in this process's memory: the rate holds for this forwarder alone. */
public final class LocalDepartureLog implements DepartureLog {

    private final LongSupplier nanoClock;
    private final long pendingCapNanos;
    private final Map<String, KeyLog> logs = new ConcurrentHashMap<>();

    /** One destination's entries, each with when it stops counting, and the turn its latest admission took. */
    private static final class KeyLog {
        final Map<String, Long> ends = new HashMap<>();
        Long lastTurn;
    }

    /**
     * @param nanoClock {@code System.nanoTime} or a test's clock
     * @param pendingCapNanos how long an entry never marked counts
     */
    public LocalDepartureLog(LongSupplier nanoClock, long pendingCapNanos) {
        this.nanoClock = nanoClock;
        this.pendingCapNanos = pendingCapNanos;
    }

    @Override
    public long tryAdmit(String key, String entry, int rate) {
        KeyLog log = logs.computeIfAbsent(key, k -> new KeyLog());
        synchronized (log) {
            long now = nanoClock.getAsLong();
            long turn = log.lastTurn == null ? now : log.lastTurn + WINDOW_NANOS / rate; // at the rate of now
            long wait = turn - EARLY_NANOS - now;
            log.ends.values().removeIf(end -> end - now <= 0);
            if (log.ends.size() >= rate) {
                long untilOneEnds = Collections.min(log.ends.values()) - now;
                // beyond a window it is pending, and its end not known yet
                wait = Math.max(wait, untilOneEnds > WINDOW_NANOS ? PENDING_POLL_NANOS : untilOneEnds);
            }
            if (wait > 0) {
                return wait;
            }
            log.ends.put(entry, now + pendingCapNanos);
            log.lastTurn = Math.max(turn, now);
            return 0;
        }
    }

    @Override
    public void left(String key, String entry) {
        update(key, log -> log.ends.put(entry, nanoClock.getAsLong() + WINDOW_NANOS));
    }

    @Override
    public void answered(String key, String entry, long fastestNanos) {
        update(key, log -> log.ends.merge(entry, nanoClock.getAsLong() + AFTER_ANSWER_NANOS - fastestNanos,
                Math::max));
    }

    @Override
    public void release(String key, String entry) {
        update(key, log -> log.ends.remove(entry));
    }

    private void update(String key, Consumer<KeyLog> change) {
        KeyLog log = logs.get(key);
        if (log != null) {
            synchronized (log) {
                change.accept(log);
            }
        }
    }
}
