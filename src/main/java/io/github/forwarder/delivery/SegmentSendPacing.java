package io.github.forwarder.delivery;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;

/**
 * The last guard of the rate, on the wire. {@link SegmentRateLimit} lets calls go at the rate without holding a
 * thread, but a call that took its token can still be held up before its request is written (a cold HTTP client
 * at start, a pause of the JVM) and then leave together with the calls behind it. So, in HttpClient's chain after
 * the connection is leased and just before the request is written, each Segment request waits until the
 * {@code rate}-th request before it to the same write key left more than a second (plus a margin) ago. It keeps the
 * send times of the last {@code rate} requests per key. It holds a thread only in that catch-up case, for at most a
 * second; requests paced by the rate limit pass at once.
 */
public final class SegmentSendPacing implements HttpClientConfigurer {

    /** Segment's call paths: the forwarder's own requests; any other HTTP call of the application passes. */
    private static final Pattern SEGMENT_PATH = Pattern.compile("/v1/(track|identify|page|screen|group|alias|batch)$");
    /**
     * A second and 30 ms: a margin for the way to Segment, yet shorter than the 1.04 s that {@code rate} calls
     * take at the rate limit's 96%, so calls that leave on time never wait here.
     */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_030);

    private final IntSupplier rate;
    private final Map<String, ArrayDeque<Long>> sent = new ConcurrentHashMap<>();

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
        // keyed by the request's own credentials, as the rate is per write key; kept in memory only
        ArrayDeque<Long> times = sent.computeIfAbsent(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue(),
                key -> new ArrayDeque<>());
        synchronized (times) {
            int limit = rate.getAsInt();
            while (times.size() > limit) {
                times.removeFirst();
            }
            long now = System.nanoTime();
            if (times.size() == limit) {
                long wait = times.peekFirst() + WINDOW_NANOS - now;
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("stopped while pacing a Segment request");
                    }
                    now = System.nanoTime();
                }
                times.removeFirst();
            }
            times.addLast(now);
        }
    }
}
