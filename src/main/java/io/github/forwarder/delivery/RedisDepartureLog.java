package io.github.forwarder.delivery;

import io.github.forwarder.shared.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The departure log in Redis, for every forwarder on it: one list per destination key, newest first, kept and read
 * by one script, so two forwarders cannot both take the last place. The times are Redis's own (TIME), so the hosts'
 * clocks do not matter. While Redis cannot be reached no request leaves: it asks again in {@link #RETRY_NANOS}, and
 * the failure is counted (readiness says why).
 */
public final class RedisDepartureLog implements DepartureLog {

    static final long RETRY_NANOS = 500_000_000L;
    private static final String PREFIX = "sentry-forwarder:departures:";
    /**
     * KEYS[1]: the key's departures in µs. ARGV: the rate, the window and the spacing in µs. Answers 0 when the request
     * leaves (recorded), else the µs to wait. string.format keeps the µs exact (Lua prints numbers with 14 digits).
     */
    private static final String LEAVE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local rate = tonumber(ARGV[1])
            local wait = 0
            local newest = redis.call('LINDEX', KEYS[1], 0)
            if newest then
              wait = tonumber(newest) + tonumber(ARGV[3]) - now
            end
            local oldest = redis.call('LINDEX', KEYS[1], rate - 1)
            if oldest then
              wait = math.max(wait, tonumber(oldest) + tonumber(ARGV[2]) - now)
            end
            if wait > 0 then
              return wait
            end
            redis.call('LPUSH', KEYS[1], string.format('%d', now))
            redis.call('LTRIM', KEYS[1], 0, rate - 1)
            redis.call('PEXPIRE', KEYS[1], 60000)
            return 0
            """;

    private final SharedRedis redis;

    public RedisDepartureLog(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public long tryLeave(String key, int rate) {
        byte[][] arguments = {bytes(rate), bytes(WINDOW_NANOS / 1000), bytes(DepartureLog.spacingNanos(rate) / 1000)};
        try {
            Long waitMicros = LettuceFutures.awaitOrCancel(redis.connection().async().<Long>eval(LEAVE,
                    ScriptOutputType.INTEGER, new String[] {PREFIX + key}, arguments), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return TimeUnit.MICROSECONDS.toNanos(waitMicros);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            return RETRY_NANOS;
        }
    }

    private static byte[] bytes(long number) {
        return String.valueOf(number).getBytes(StandardCharsets.UTF_8);
    }
}
