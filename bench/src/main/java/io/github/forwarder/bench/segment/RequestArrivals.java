package io.github.forwarder.bench.segment;

import java.util.Arrays;

/** When each request reached a stand-in (System.nanoTime), kept in a growing array: no object per request. */
final class RequestArrivals {

    private long[] arrivals = new long[1 << 16];
    private int count;

    synchronized void add(long arrivalNanos) {
        if (count == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, count * 2);
        }
        arrivals[count++] = arrivalNanos;
    }

    synchronized int count() {
        return count;
    }

    /** Every arrival so far, sorted. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(arrivals, count);
        Arrays.sort(copy);
        return copy;
    }

    synchronized void clear() {
        count = 0;
    }
}
