package io.github.forwarder.delivery;

import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;

/**
 * The last guard of the rate, on the wire. {@link SegmentRateLimit} lets calls go at the rate without holding a
 * thread, but a call that took its token can still be held up before its request is written (a cold HTTP client
 * at start, a paused JVM) and then leave together with the calls behind it. So, in HttpClient's chain after the
 * connection is leased and just before the request is written, requests to one write key keep at least
 * 1.03 s / {@code rate} apart. Then any second holds at most {@code rate} of them, however they were held up, and
 * a catch-up leaves evenly instead of in a burst. Calls paced by the rate limit (1.04 s / rate apart, at its 96%)
 * pass at once; only a catch-up holds its thread, for a few ms per request.
 */
public final class SegmentSendPacing implements HttpClientConfigurer {

    /** Segment's call paths: the forwarder's own requests; any other HTTP call of the application passes. */
    private static final Pattern SEGMENT_PATH = Pattern.compile("/v1/(track|identify|page|screen|group|alias|batch)$");
    /** A second and 30 ms, shared out over the rate: the 30 ms are a margin for the way to Segment. */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_030);

    private final IntSupplier rate;
    /** Per write key (the request's own credentials, kept in memory only): when its latest request may leave. */
    private final Map<String, AtomicLong> nextTurn = new ConcurrentHashMap<>();

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

    private void awaitTurn(HttpRequest request) throws InterruptedIOException {
        if (!SEGMENT_PATH.matcher(request.getPath()).find() || !request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        long spacing = WINDOW_NANOS / Math.max(1, rate.getAsInt());
        AtomicLong last = nextTurn.computeIfAbsent(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue(),
                key -> new AtomicLong(System.nanoTime() - spacing));
        long now = System.nanoTime();
        // each request reserves its turn: the later of now and one spacing after the turn before it
        long turn = last.updateAndGet(previous -> Math.max(now, previous + spacing));
        if (turn > now) {
            try {
                TimeUnit.NANOSECONDS.sleep(turn - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while pacing a Segment request");
            }
        }
    }
}
