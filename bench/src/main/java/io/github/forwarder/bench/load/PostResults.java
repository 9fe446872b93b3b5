package io.github.forwarder.bench.load;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What a load run saw, request by request: when request i was sent, its status and its response time, and
 * whether the intake answered "accepted" (a filtered event is answered 202 too, but never reaches Segment).
 */
public final class PostResults {

    private long[] sentNanos = new long[1024];
    private long[] latencyNanos = new long[1024];
    private int[] status = new int[1024];
    private boolean[] accepted = new boolean[1024];
    private int count;
    private long firstSentNanos = Long.MAX_VALUE;
    private long lastAnsweredNanos;

    /** Called on the load generator's one event loop, so no locking. A failed request has status 0. */
    void record(int i, long sent, long answered, int statusCode, boolean acceptedForForwarding) {
        if (i >= sentNanos.length) {
            int size = Math.max(i + 1, sentNanos.length * 2);
            sentNanos = Arrays.copyOf(sentNanos, size);
            latencyNanos = Arrays.copyOf(latencyNanos, size);
            status = Arrays.copyOf(status, size);
            accepted = Arrays.copyOf(accepted, size);
        }
        sentNanos[i] = sent;
        latencyNanos[i] = answered - sent;
        status[i] = statusCode;
        accepted[i] = acceptedForForwarding;
        count = Math.max(count, i + 1);
        firstSentNanos = Math.min(firstSentNanos, sent);
        lastAnsweredNanos = Math.max(lastAnsweredNanos, answered);
    }

    public int count() {
        return count;
    }

    public long sentNanos(int i) {
        return sentNanos[i];
    }

    public boolean accepted(int i) {
        return accepted[i];
    }

    public int countWithStatus(int wanted) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (status[i] == wanted) {
                n++;
            }
        }
        return n;
    }

    /** When the last answer came (System.nanoTime, CLOCK_MONOTONIC: comparable with other processes' stamps). */
    public long lastAnsweredNanos() {
        return lastAnsweredNanos;
    }

    public int acceptedCount() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (accepted[i]) {
                n++;
            }
        }
        return n;
    }

    /** Response times of the requests answered with this status. */
    public long[] latenciesWithStatus(int wanted) {
        return IntStream.range(0, count).filter(i -> status[i] == wanted)
                .mapToLong(i -> latencyNanos[i]).toArray();
    }

    /** From the first request sent to the last answer received. */
    public double elapsedSeconds() {
        return count == 0 ? 0 : (lastAnsweredNanos - firstSentNanos) / 1e9;
    }
}
