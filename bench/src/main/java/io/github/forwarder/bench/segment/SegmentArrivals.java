package io.github.forwarder.bench.segment;

/** What a Segment stand-in saw, whether it runs in the harness's JVM or in its own process. */
public interface SegmentArrivals {

    /** Distinct messageIds received so far. */
    int distinctMessages();

    /** Arrival times of every request (System.nanoTime, sorted). */
    long[] requestArrivals();

    /** Forgets everything received so far. */
    void clear();
}
