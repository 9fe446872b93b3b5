package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.segment.SegmentArrivals;
import java.time.Duration;

/** Waits until the stand-in has every expected message, or until delivery has stalled. */
final class DeliveryWait {

    private DeliveryWait() {
    }

    /** True when all arrived; false when nothing new arrived for stallAfter, or after at most atMost. */
    static boolean awaitAll(SegmentArrivals received, int expected, Duration stallAfter, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = received.distinctMessages();
            if (now >= expected) {
                return true;
            }
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallAfter.toNanos()) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
