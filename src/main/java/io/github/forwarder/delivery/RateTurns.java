package io.github.forwarder.delivery;

import java.util.concurrent.TimeUnit;

/**
 * The Segment rate, one rule: a request to a destination leaves at its turn, {@link #WINDOW_NANOS} / {@code rate}
 * (at the rate of now) after the later of the turn before it and when the request before it left; it may take its
 * turn up to {@link #EARLY_NANOS} early. So any rate + 1 requests span at least a second and 30 ms, no second holds
 * more than {@code rate} of them, and a backlog moves at rate / 1.04 s (96% of the rate). Each destination's last
 * turn is one number, kept in this process ({@link LocalRateTurns}) or in Redis for every forwarder on it
 * ({@link RedisRateTurns}).
 * <p>
 * The 30 ms over a second are for the way from this step to Segment, which is not the same for every request (a new
 * connection, a busy CPU); on a loaded machine (load 10 to 20 on 2 cores) that way sometimes differs by more, and
 * one request over the rate reaches Segment in a second; a wider margin would take a backlog under 95% of the rate.
 * A turn missed (a late timer, a pause) is not made up: the requests after it keep their spacing instead of
 * catching up, since a catch-up that filled each second to the rate would leave no room for those delays (measured
 * with a log of the last rate departures, which catches up: up to 25% over the rate at Segment on a busy machine).
 * The 10 ms early keep a timer or a request that comes a little late from losing its turn (with 5 ms, three
 * forwarders sharing one rate through Redis kept 94.8% of it while a backlog waited).
 */
public interface RateTurns {

    long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_040);
    long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Takes the destination's turn and answers 0 when a request may leave now; else takes nothing and answers the
     * nanoseconds until it may. {@code rate}: this forwarder's, unless a shared one was set since.
     */
    long tryLeave(String key, int rate);

    /** The rate set on this forwarder (at start, over JMX): with Redis the rate of every forwarder on it. */
    default void share(int rate) {
    }
}
