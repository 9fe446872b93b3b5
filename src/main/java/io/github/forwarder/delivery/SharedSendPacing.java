package io.github.forwarder.delivery;

import io.github.forwarder.shared.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ScriptOutputType;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;

/**
 * With forwarder.redis.url, the wire guard of {@link SegmentSendPacing} for all forwarders together: their requests
 * to one write key leave at least 1.03 s / rate apart, by turns kept in Redis. The shared bucket alone bounds when
 * calls take their tokens, not when their requests reach Segment; the way in between (a thread hop, a busy CPU) is
 * each process's own, so two forwarders' requests can arrive closer than either one's spacing (measured: 22 in one
 * second at rate 20 with the process-local guard only). Each request asks Redis for its turn (one round trip, taken
 * on Redis's clock, so the hosts' clocks do not matter) and waits for it. The local guard still runs first; when
 * Redis cannot be reached the request goes by it alone (it already holds a token of the shared bucket).
 */
public final class SharedSendPacing implements HttpClientConfigurer {

    private static final Pattern SEGMENT_PATH = Pattern.compile("/v1/(track|identify|page|screen|group|alias|batch)$");
    private static final long WINDOW_MICROS = 1_030_000;
    /** KEYS[1]: the write key's turn; ARGV[1]: spacing in µs. Answers the µs to wait for this request's turn. */
    private static final String NEXT_TURN = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local turn = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1]))
            redis.call('SET', KEYS[1], tostring(turn), 'PX', 60000)
            return turn - now
            """;

    private final SegmentSendPacing local;
    private final SharedRedis redis;
    private final IntSupplier rate;

    public SharedSendPacing(SegmentSendPacing local, SharedRedis redis, IntSupplier rate) {
        this.local = local;
        this.redis = redis;
        this.rate = rate;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        local.configureHttpClient(builder);
        builder.addExecInterceptorLast("segment-shared-send-pacing", (request, scope, chain) -> {
            awaitSharedTurn(request);
            return chain.proceed(request, scope);
        });
    }

    private void awaitSharedTurn(HttpRequest request) throws InterruptedIOException {
        if (!SEGMENT_PATH.matcher(request.getPath()).find() || !request.containsHeader(HttpHeaders.AUTHORIZATION)) {
            return;
        }
        long spacing = WINDOW_MICROS / Math.max(1, rate.getAsInt());
        String key = "sentry-forwarder:turn:" + digest(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue());
        long wait;
        try {
            wait = LettuceFutures.awaitOrCancel(redis.connection().async().<Long>eval(NEXT_TURN,
                    ScriptOutputType.INTEGER, new String[] {key},
                    String.valueOf(spacing).getBytes(StandardCharsets.UTF_8)), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            return;
        }
        if (wait > 0) {
            try {
                TimeUnit.MICROSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped while pacing a Segment request");
            }
        }
    }

    /** The credentials never reach Redis, only a digest of them. */
    private static String digest(String authorization) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
