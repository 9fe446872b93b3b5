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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With forwarder.redis.url, the wire guard of {@link SegmentSendPacing} for all forwarders together. The shared bucket
 * bounds when calls take their tokens, not when their requests reach Segment; the way in between (a thread hop, a
 * busy CPU) is each process's own, so two forwarders' requests can arrive closer than either one's pacing (measured:
 * 22 in one second at rate 20 with the process-local guard only). So Redis keeps, per write key, when the last
 * {@code rate} requests of all forwarders left (a list, on Redis's clock, so the hosts' clocks do not matter): a
 * request leaves once the {@code rate}-th before it left 1.04 s ago, as the local ring does (1.24 s when that one left
 * in the first second after a pause or the start). One round trip per request, a second one when Redis's answer
 * reached the thread late (the departure is then recorded again, later).
 * A request that comes late loses nothing, since there are no turns to miss: the turns 1.03 s / rate apart used
 * before were given up by late threads, and kept two forwarders at 62 to 80% of the rate on a loaded machine
 * (bench/results/JOURNAL.md, "The rate shared by two forwarders").
 * <p>
 * The local guard still runs first; when Redis cannot be reached the request goes by it alone (it already holds a
 * token of the shared bucket).
 */
public final class SharedSendPacing implements HttpClientConfigurer {

    /** The local ring's window: at most rate departures in any 1.04 s (a 40 ms margin for the way to Segment). */
    private static final long WINDOW_MICROS = 1_040_000;
    /**
     * After a pause (and at start) the requests that leave in the first second have a wider window: a request leaves
     * once the rate-th before it left 1.24 s ago if that one left in the first second. The first requests of fresh
     * forwarders take tens of ms longer on their way than the ones behind them (measured at rate 50: the first 20
     * reached the stand-in 20 to 70 ms after they left, the rest under 1 ms at the median; with 1.24 s only for the
     * first rate departures, 51 arrived in 0.996 s starting at the 16th).
     */
    private static final long WAKE_WINDOW_MICROS = 1_240_000;
    private static final long WAKE_PERIOD_MICROS = 1_000_000;
    private static final long RECHECK_MICROS = 100_000;
    /**
     * KEYS[1]: the write key's departures, newest first; KEYS[2]: when the key woke from a pause. ARGV[1]: at most
     * this many (the rate) in ARGV[2] µs; ARGV[3]: a departure recorded for this request before, taken back first
     * ("" for none); ARGV[4], ARGV[5]: the wider window for departures in the first µs after a pause longer than
     * ARGV[2]. Answers {0, when it was recorded} when the request leaves now, else {the µs to wait, 0}.
     * string.format keeps the µs exact (Lua's numbers print 14 digits).
     */
    private static final String LEAVE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local most = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            if ARGV[3] ~= '' then
              redis.call('LREM', KEYS[1], 1, ARGV[3])
            end
            local newest = redis.call('LINDEX', KEYS[1], 0)
            local oldest = redis.call('LINDEX', KEYS[1], most - 1)
            if oldest then
              local woke = tonumber(redis.call('GET', KEYS[2]) or '0')
              if tonumber(oldest) < woke + tonumber(ARGV[5]) then
                window = tonumber(ARGV[4])
              end
              local wait = tonumber(oldest) + window - now
              if wait > 0 then
                return {wait, 0}
              end
            end
            if (not newest) or (now - tonumber(newest) > tonumber(ARGV[2])) then
              redis.call('SET', KEYS[2], string.format('%d', now))
            end
            redis.call('LPUSH', KEYS[1], string.format('%d', now))
            redis.call('LTRIM', KEYS[1], 0, most - 1)
            redis.call('PEXPIRE', KEYS[1], 60000)
            redis.call('PEXPIRE', KEYS[2], 60000)
            return {0, now}
            """;
    /**
     * An answer that took longer than this recorded the departure too early: the request's thread came back late (a
     * busy CPU), so it records it again, now. Measured without it: 21 requests in one second at rate 20 on the
     * forwarders' side, under a load average of 12 to 16.
     */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MOST_RECORDS = 5;

    /** SegmentSendPacing's logger of send times: the benchmark counts the busiest second of all forwarders. */
    private static final Logger SEND_TIMES = LoggerFactory.getLogger(SegmentSendPacing.SEND_TIMES_LOGGER);

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
            awaitSharedDeparture(request);
            return chain.proceed(request, scope);
        });
    }

    private void awaitSharedDeparture(HttpRequest request) throws InterruptedIOException {
        if (!SegmentSendPacing.isSegmentCall(request)) {
            return;
        }
        String key = digest(request.getFirstHeader(HttpHeaders.AUTHORIZATION).getValue());
        try {
            long recordedMicros = awaitDeparture(key);
            if (SEND_TIMES.isTraceEnabled()) {
                SEND_TIMES.trace("Segment request leaves the shared guard at {} ns, recorded by Redis at {} µs",
                        System.nanoTime(), recordedMicros);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while pacing a Segment request");
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
        }
    }

    /**
     * Waits until the ring has room, and records the departure as late as this thread can tell it: answers when, on
     * Redis's clock (µs).
     */
    private long awaitDeparture(String key) throws InterruptedException {
        String recorded = "";
        for (int records = 1; ; ) {
            long asked = System.nanoTime();
            // the rate is read again at least every 100 ms: it may change while this request waits
            List<Long> answer = leave(key, Math.max(1, rate.getAsInt()), recorded);
            if (answer.get(0) > 0) {
                recorded = "";
                TimeUnit.MICROSECONDS.sleep(Math.min(answer.get(0), RECHECK_MICROS));
            } else if (System.nanoTime() - asked > LATE_NANOS && records++ < MOST_RECORDS) {
                recorded = String.valueOf(answer.get(1));
            } else {
                return answer.get(1);
            }
        }
    }

    private List<Long> leave(String key, int rate, String recorded) {
        byte[][] arguments = {String.valueOf(rate).getBytes(StandardCharsets.UTF_8),
            String.valueOf(WINDOW_MICROS).getBytes(StandardCharsets.UTF_8), recorded.getBytes(StandardCharsets.UTF_8),
            String.valueOf(WAKE_WINDOW_MICROS).getBytes(StandardCharsets.UTF_8),
            String.valueOf(WAKE_PERIOD_MICROS).getBytes(StandardCharsets.UTF_8)};
        // the braces put both keys in one slot of a Redis Cluster, as a script needs
        String[] keys = {"sentry-forwarder:left:{" + key + "}", "sentry-forwarder:woke:{" + key + "}"};
        return LettuceFutures.awaitOrCancel(redis.connection().async().<List<Long>>eval(LEAVE,
                ScriptOutputType.MULTI, keys, arguments), redis.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
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
