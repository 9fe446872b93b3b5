package io.github.forwarder.bench.scenario;

/**
 * The steady-state rate of a stream of arrivals: the start and the tail of a burst are left out, and the window
 * is a whole number of seconds, so a throttle that lets R requests through at the start of each second is
 * measured at R, not at whatever the window's edges happen to cut.
 */
final class SteadyRate {

    private SteadyRate() {
    }

    /** Arrivals (sorted, nanoseconds) per second over the middle ~60% of their span. */
    static double middle(long[] arrivals) {
        if (arrivals.length < 2) {
            return Double.NaN;
        }
        long span = arrivals[arrivals.length - 1] - arrivals[0];
        long second = 1_000_000_000L;
        long window = span >= 2 * second ? (long) (0.6 * span) / second * second : span;
        long start = arrivals[0] + (span - window) / 2;
        int inside = 0;
        for (long arrival : arrivals) {
            if (arrival >= start && arrival < start + window) {
                inside++;
            }
        }
        return inside / (window / 1e9);
    }

    /**
     * Arrivals per second in the whole seconds from {@code from} (nanoseconds) that end before the last arrival:
     * the backlog left once a burst was taken in, without the burst's own seconds. NaN if under one second.
     */
    static double after(long[] arrivals, long from) {
        long second = 1_000_000_000L;
        long seconds = arrivals.length == 0 ? 0 : (arrivals[arrivals.length - 1] - from) / second;
        if (seconds < 1) {
            return Double.NaN;
        }
        int inside = 0;
        for (long arrival : arrivals) {
            if (arrival >= from && arrival < from + seconds * second) {
                inside++;
            }
        }
        return inside / (double) seconds;
    }

    /** The most arrivals (sorted, nanoseconds) in any one-second window: "never more than R per second". */
    static int busiestSecond(long[] arrivals) {
        int most = 0;
        int first = 0;
        for (int last = 0; last < arrivals.length; last++) {
            while (arrivals[last] - arrivals[first] >= 1_000_000_000L) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
