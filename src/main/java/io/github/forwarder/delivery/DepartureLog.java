package io.github.forwarder.delivery;

import java.util.concurrent.TimeUnit;

/**
 * The Segment rate, one rule: a request to a destination leaves once the {@code rate}-th request before it left
 * more than {@link #WINDOW_NANOS} ago, and the one right before it more than half a turn ({@code WINDOW / rate / 2})
 * ago. Any rate + 1 requests then span more than the window, so no second holds more than {@code rate} of them, and
 * a backlog moves at rate / window (96% of the rate). The log keeps the last {@code rate} departures per destination
 * key, in this process ({@link LocalDepartureLog}) or in Redis for every forwarder on it ({@link RedisDepartureLog}).
 * <p>
 * The 40 ms over a second are for the way from this step to Segment, which is not the same for every request (a new
 * connection, a busy CPU): without them a request held up a few ms arrives in the same second as the rate requests
 * behind it. The half turn keeps a backlog from leaving in bursts of {@code rate} at once after a pause: each would
 * need its own connection and thread, and arrive spread out by them.
 */
public interface DepartureLog {

    long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_040);

    /**
     * Records a departure to {@code key} now and answers 0 when the rule lets a request leave; else records nothing
     * and answers the nanoseconds until it may.
     */
    long tryLeave(String key, int rate);

    /** The least gap between two departures to one key: half a turn. */
    static long spacingNanos(int rate) {
        return WINDOW_NANOS / rate / 2;
    }
}
