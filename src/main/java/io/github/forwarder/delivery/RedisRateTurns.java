package io.github.forwarder.delivery;

import io.github.forwarder.shared.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The rate's turns in Redis, for every forwarder on it: one key per destination holding its next turn, read and moved
 * by one script, so two forwarders cannot take the same turn. The times are Redis's own (TIME), so the hosts' clocks
 * do not matter. While Redis cannot be reached no request leaves: it asks again in {@link #RETRY_NANOS}, and the
 * failure is counted (readiness says why).
 */
public final class RedisRateTurns implements RateTurns {

    static final long RETRY_NANOS = 500_000_000L;
    private static final String PREFIX = "sentry-forwarder:last-turn:";
    private static final String RATE = "sentry-forwarder:rate";
    /**
     * KEYS[1]: the turn the destination's latest request took in µs (as in LocalRateTurns), KEYS[2]: the shared rate. ARGV: the rate if none is shared, the
     * window and how early a turn may be taken, in µs. As {@link RateTurns#tryLeave}: answers 0 when the request
     * leaves (its turn taken), else the µs to wait. string.format keeps the µs exact (Lua prints 14 digits).
     */
    private static final String LEAVE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local rate = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
            local last = redis.call('GET', KEYS[1])
            local turn = last and tonumber(last) + math.floor(tonumber(ARGV[2]) / rate) or now
            if turn - tonumber(ARGV[3]) > now then
              return turn - tonumber(ARGV[3]) - now
            end
            redis.call('SET', KEYS[1], string.format('%d', math.max(turn, now)), 'PX', 60000)
            return 0
            """;

    private final SharedRedis redis;

    public RedisRateTurns(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public long tryLeave(String key, int rate) {
        byte[][] arguments = {bytes(rate), bytes(WINDOW_NANOS / 1000), bytes(EARLY_NANOS / 1000)};
        try {
            Long waitMicros = LettuceFutures.awaitOrCancel(redis.connection().async().<Long>eval(LEAVE,
                    ScriptOutputType.INTEGER, new String[] {PREFIX + key, RATE}, arguments), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return TimeUnit.MICROSECONDS.toNanos(waitMicros);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            return RETRY_NANOS;
        }
    }

    /** The rate last set on any forwarder (at its start, over JMX) holds for all of them. */
    @Override
    public void share(int rate) {
        try {
            LettuceFutures.awaitOrCancel(redis.connection().async().set(RATE, bytes(rate)), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable); // each forwarder's own rate holds meanwhile
        }
    }

    private static byte[] bytes(long number) {
        return String.valueOf(number).getBytes(StandardCharsets.UTF_8);
    }
}
