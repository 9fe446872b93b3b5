package io.github.forwarder.delivery;

import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last guard of the rate, on the wire. {@link SegmentRateLimit} lets calls go at the rate without holding a
 * thread, but a call that took its token can still be held up before its request is written (a cold HTTP client
 * at start, a paused JVM) and then leave together with the calls behind it. So, in HttpClient's chain after the
 * connection is leased and just before the request is written, requests to one write key leave one at a time,
 * at least 1.03 s / {@code rate} after the one before actually left. Then any second holds at most {@code rate}
 * of them, however they were held up, and a catch-up leaves evenly instead of in a burst. Calls paced by the
 * rate limit (1.04 s / rate apart, at its 96%) pass at once; only a catch-up holds its thread, for a few ms per
 * request.
 * <p>
 * With the logger {@value #SEND_TIMES_LOGGER} at TRACE (log4j2.properties: {@code -Dlog4j2.level.sendTimes=TRACE}),
 * each Segment request logs the moment it leaves, in {@code System.nanoTime()}: the benchmark counts the busiest
 * second on the forwarder's own side from it. Off by default; the line carries no key.
 */
public final class SegmentSendPacing implements HttpClientConfigurer {

    /** Segment's call paths: the forwarder's own requests; any other HTTP call of the application passes. */
    private static final Pattern SEGMENT_PATH = Pattern.compile("/v1/(track|identify|page|screen|group|alias|batch)$");
    /** A second and 30 ms, shared out over the rate: the 30 ms are a margin for the way to Segment. */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_030);
    static final String SEND_TIMES_LOGGER = "io.github.forwarder.delivery.SegmentSendTimes";
    private static final Logger SEND_TIMES = LoggerFactory.getLogger(SEND_TIMES_LOGGER);

    private final IntSupplier rate;
    /** Per write key (the request's own credentials, kept in memory only): its requests, one at a time. */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public SegmentSendPacing(IntSupplier rate) {
        this.rate = rate;
    }

    /** When the latest request to one write key left; its lock lets them leave one at a time. */
    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock();
        /** System.nanoTime() of the latest request that left; guarded by lock. */
        long lastLeft;
        boolean anyLeft;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorLast("segment-send-pacing", (request, scope, chain) -> {
            awaitTurn(request);
            return chain.proceed(request, scope);
        });
    }

    /**
     * Holds a Segment request until one spacing after the request before it actually left. The spacing counts
     * from when that request left, not from when it was due: a thread that woke late (a loaded machine) pushes
     * the next one back instead of leaving right before it.
     */
    private void awaitTurn(HttpRequest request) throws InterruptedIOException {
        if (!SEGMENT_PATH.matcher(request.getPath()).find() || !request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        Lane lane = lanes.computeIfAbsent(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue(),
                key -> new Lane());
        try {
            lane.lock.lockInterruptibly();
            try {
                long wait;
                while (lane.anyLeft && (wait = lane.lastLeft + WINDOW_NANOS / Math.max(1, rate.getAsInt())
                        - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                lane.lastLeft = System.nanoTime();
                lane.anyLeft = true;
                if (SEND_TIMES.isTraceEnabled()) {
                    SEND_TIMES.trace("Segment request leaves at {} ns", lane.lastLeft);
                }
            } finally {
                lane.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while pacing a Segment request");
        }
    }
}
