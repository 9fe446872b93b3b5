package io.github.forwarder.delivery;

import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * connection is leased and just before the request is written, requests to one write key keep these rules:
 * <ul>
 * <li>each reserves a turn 1.03 s / {@code rate} after the turn before it, so a catch-up leaves evenly instead of
 * in a burst;</li>
 * <li>counted from when each actually left, it leaves only once the {@code rate}-th request before it left
 * 1.04 s ago, and at least half a turn after the one before it. A thread that woke late (a loaded machine) then
 * cannot bring more than {@code rate} into any 1.04 s, nor leave in a burst right behind the one before it;</li>
 * <li>after a pause of more than 1.04 s (and at start), the first {@code rate} requests spread over at least
 * 1.24 s: the first requests of a fresh process (or of new connections) take tens of ms longer on their way than
 * the ones right behind them, and would reach Segment bunched together with those.</li>
 * </ul>
 * The 30 and 40 ms are margins for the way to Segment; 1.04 s still lets through the 96% the rate limit passes.
 * Calls paced by the rate limit (1.04 s / rate apart, at its 96%) pass at once; only a catch-up holds its thread,
 * for a few ms per request.
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
    /** At most rate departures in any 1.04 s: a 40 ms margin, and still above the rate limit's 96% (1.0417 s). */
    private static final long DEPARTURES_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_040);
    /** The first rate requests after a pause leave over at least this long (measured: 55 to 84 ms on the way). */
    private static final long WAKE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_240);
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final String SEND_TIMES_LOGGER = "io.github.forwarder.delivery.SegmentSendTimes";
    private static final Logger SEND_TIMES = LoggerFactory.getLogger(SEND_TIMES_LOGGER);

    private final IntSupplier rate;
    /** Per write key (the request's own credentials, kept in memory only). */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    public SegmentSendPacing(IntSupplier rate) {
        this.rate = rate;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorLast("segment-send-pacing", (request, scope, chain) -> {
            awaitTurn(request);
            return chain.proceed(request, scope);
        });
    }

    /** A call to Segment with its write key: any other HTTP call of the application is not paced. */
    static boolean isSegmentCall(HttpRequest request) {
        return SEGMENT_PATH.matcher(request.getPath()).find() && request.containsHeader(HttpHeaders.AUTHORIZATION);
    }

    private void awaitTurn(HttpRequest request) throws InterruptedIOException {
        if (!isSegmentCall(request)) {
            return;
        }
        Lane lane = lanes.computeIfAbsent(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue(),
                key -> new Lane());
        try {
            sleepUntil(lane.reserveTurn(WINDOW_NANOS / currentRate()));
            long[] leftAt = new long[1];
            long wait;
            // the rate is read again at least every 100 ms: it may change while this request waits
            while ((wait = lane.leave(currentRate(), leftAt)) > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, RECHECK_NANOS));
            }
            if (SEND_TIMES.isTraceEnabled()) {
                SEND_TIMES.trace("Segment request leaves at {} ns", leftAt[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while pacing a Segment request");
        }
    }

    private int currentRate() {
        return Math.max(1, rate.getAsInt());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** One write key's turns and the moments its latest requests left. Short critical sections: no sleep inside. */
    private static final class Lane {
        private long nextTurn = Long.MIN_VALUE;
        /** When the latest requests left (System.nanoTime), oldest first: a ring of the rate's size. */
        private long[] left = new long[0];
        private int count;
        private int oldest;
        /** When the lane woke from a pause (its first departure after one), and how many left since. */
        private long wokeAt;
        private int sinceWaking;

        /** The later of now and one spacing after the turn before it. */
        synchronized long reserveTurn(long spacing) {
            long now = System.nanoTime();
            long turn = nextTurn == Long.MIN_VALUE ? now : Math.max(now, nextTurn);
            nextTurn = turn + spacing;
            return turn;
        }

        /**
         * Leaves now if fewer than perWindow requests left in the last 1.04 s and the latest left at least half a
         * turn ago: answers 0, and when in leftAt[0]. Else answers how long to wait.
         */
        synchronized long leave(int perWindow, long[] leftAt) {
            if (left.length != perWindow) {
                resize(perWindow);
            }
            long now = System.nanoTime();
            boolean waking = count == 0 || now - latest() > DEPARTURES_WINDOW_NANOS;
            long wait = count == 0 ? 0 : latest() + WINDOW_NANOS / perWindow / 2 - now;
            if (count == left.length) {
                wait = Math.max(wait, left[oldest] + DEPARTURES_WINDOW_NANOS - now);
            }
            if (!waking && sinceWaking >= perWindow) {
                wait = Math.max(wait, wokeAt + WAKE_WINDOW_NANOS - now);
            }
            if (wait > 0) {
                return wait;
            }
            if (waking) {
                wokeAt = now;
                sinceWaking = 0;
            }
            sinceWaking++;
            leftAt[0] = now;
            if (count == left.length) {
                left[oldest] = now;
                oldest = (oldest + 1) % left.length;
            } else {
                left[(oldest + count++) % left.length] = now;
            }
            return 0;
        }

        private long latest() {
            return left[(oldest + count - 1) % left.length];
        }

        /** A new rate keeps the latest departures that fit. */
        private void resize(int perWindow) {
            long[] resized = new long[perWindow];
            int kept = Math.min(count, perWindow);
            for (int i = 0; i < kept; i++) {
                resized[i] = left[(oldest + count - kept + i) % left.length];
            }
            left = resized;
            count = kept;
            oldest = 0;
        }
    }
}
