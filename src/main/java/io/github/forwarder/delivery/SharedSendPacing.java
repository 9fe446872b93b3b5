package io.github.forwarder.delivery;

import io.github.forwarder.shared.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ScriptOutputType;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
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

    private static final long WINDOW_MICROS = 1_030_000;
    /** KEYS[1]: the write key's last turn; ARGV[1]: spacing in µs. Answers {µs to wait, the turn (µs)}. */
    private static final String NEXT_TURN = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local turn = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1]))
            redis.call('SET', KEYS[1], string.format('%d', turn), 'PX', 60000)
            return {turn - now, turn}
            """;
    /**
     * For a request that woke late: ARGV[1] its turn, ARGV[2] the spacing. When no turn was taken after its own, it
     * leaves now and the next turn is spaced from now; else it would squeeze the next one, and takes a new turn.
     */
    private static final String LATE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local last = tonumber(redis.call('GET', KEYS[1]) or '0')
            local turn = now
            if last ~= tonumber(ARGV[1]) then
              turn = math.max(now, last + tonumber(ARGV[2]))
            end
            redis.call('SET', KEYS[1], string.format('%d', math.max(turn, last)), 'PX', 60000)
            return {turn - now, turn}
            """;
    /** Later than its turn by more than this, a request checks whether it would squeeze the next one. */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MOST_TURNS = 5;

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
        if (!SegmentSendPacing.isSegmentCall(request)) {
            return;
        }
        long spacing = WINDOW_MICROS / Math.max(1, rate.getAsInt());
        String key = "sentry-forwarder:turn:" + digest(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue());
        try {
            awaitTurn(key, spacing);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
        }
    }

    /**
     * Waits for a turn. A thread that wakes late (a busy CPU) leaves at once when no turn was taken after its own
     * (the next turns are then spaced from now); else it would leave just before the next turn's request, so it takes
     * a new turn (the one it missed stays empty). Measured on a loaded machine without this: two forwarders' requests
     * 2 ms apart, and 21 in one second at rate 20.
     */
    private void awaitTurn(String key, long spacing) throws InterruptedIOException {
        String space = String.valueOf(spacing);
        long asked = System.nanoTime();
        List<Long> turn = run(NEXT_TURN, key, space);
        for (int turns = 1; turns <= MOST_TURNS; turns++) {
            long wait = Math.max(0, turn.get(0));
            // the turn on this clock at the latest (Redis read its clock after we asked): lateness is not underrated
            long due = asked + TimeUnit.MICROSECONDS.toNanos(wait);
            if (wait > 0) {
                try {
                    TimeUnit.MICROSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stopped while pacing a Segment request");
                }
            }
            if (System.nanoTime() - due <= LATE_NANOS) {
                return;
            }
            asked = System.nanoTime();
            turn = run(LATE, key, String.valueOf(turn.get(1)), space);
            if (turn.get(0) <= 0) {
                return; // no turn after ours: leaving now squeezes nobody
            }
        }
    }

    private List<Long> run(String script, String key, String... arguments) {
        byte[][] values = new byte[arguments.length][];
        for (int i = 0; i < arguments.length; i++) {
            values[i] = arguments[i].getBytes(StandardCharsets.UTF_8);
        }
        return LettuceFutures.awaitOrCancel(redis.connection().async().<List<Long>>eval(script, ScriptOutputType.MULTI,
                new String[] {key}, values), redis.timeout().toMillis(), TimeUnit.MILLISECONDS);
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
