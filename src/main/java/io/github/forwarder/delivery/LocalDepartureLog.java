package io.github.forwarder.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The departure log in this process's memory: the rate holds for this forwarder alone. */
public final class LocalDepartureLog implements DepartureLog {

    private final LongSupplier nanoClock;
    /** Per key, its latest departures, newest first. */
    private final Map<String, Deque<Long>> departures = new ConcurrentHashMap<>();

    public LocalDepartureLog() {
        this(System::nanoTime);
    }

    /** @param nanoClock {@code System.nanoTime} or a test's clock */
    public LocalDepartureLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public long tryLeave(String key, int rate) {
        Deque<Long> log = departures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (log) {
            long now = nanoClock.getAsLong();
            while (log.size() > rate) {
                log.removeLast(); // a lower rate: only its last rate departures count
            }
            long wait = log.isEmpty() ? 0 : log.getFirst() + DepartureLog.spacingNanos(rate) - now;
            if (log.size() == rate) {
                wait = Math.max(wait, log.getLast() + WINDOW_NANOS - now);
            }
            if (wait > 0) {
                return wait;
            }
            log.addFirst(now);
            if (log.size() > rate) {
                log.removeLast();
            }
            return 0;
        }
    }
}
