package io.github.forwarder.delivery;

import io.github.forwarder.redis.RedisConnection;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The rate's departure log in Redis, for every forwarder on it: a sorted set per destination, each entry scored with
 * when it stops counting, in Redis's own time (TIME) so the hosts' clocks do not matter. Admitting is one script, so
 * two forwarders cannot take the same place. Marks and releases are sent without waiting (from HttpClient's thread):
 * a late one only keeps the entry counting a little longer. While Redis cannot be reached no request is admitted:
 * it asks again in {@link #RETRY_NANOS}, and the failure is counted (readiness says why).
 */
public final class RedisDepartureLog implements DepartureLog {

    static final long RETRY_NANOS = 500_000_000L;
    private static final String PREFIX = "sentry-forwarder:departures:";
    private static final String TURN_PREFIX = "sentry-forwarder:last-turn:";
    private static final String RATE = "sentry-forwarder:rate";
    private static final String NOW = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            """;
    /**
     * KEYS[1]: the log, KEYS[2]: the shared rate, KEYS[3]: the latest admission's turn. ARGV: the rate if none is
     * shared, the entry, the window, the pending cap, the pending poll and how early a turn may be taken, in µs. As
     * {@link DepartureLog#tryAdmit} and {@link LocalDepartureLog}, in µs. string.format keeps the µs exact.
     */
    private static final String ADMIT = NOW + """
            local rate = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
            local last = redis.call('GET', KEYS[3])
            local turn = last and tonumber(last) + math.floor(tonumber(ARGV[3]) / rate) or now
            local wait = turn - tonumber(ARGV[6]) - now
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= rate then
              local untilOneEnds = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) - now
              if untilOneEnds > tonumber(ARGV[3]) then untilOneEnds = tonumber(ARGV[5]) end
              wait = math.max(wait, untilOneEnds)
            end
            if wait > 0 then return wait end
            local cap = math.floor(tonumber(ARGV[4]) / 1000)
            redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[4])), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], cap)
            redis.call('SET', KEYS[3], string.format('%d', math.max(turn, now)), 'PX', cap)
            return 0
            """;
    /** KEYS[1]: the log. ARGV: the entry, how long it counts from now in µs, and 1 to only make it later. */
    private static final String LEFT = NOW + """
            local ends = now + tonumber(ARGV[2])
            local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if ARGV[3] == '0' or not before or tonumber(before) < ends then
              redis.call('ZADD', KEYS[1], string.format('%d', ends), ARGV[1])
            end
            return 0
            """;

    private final RedisConnection redis;
    private final long pendingCapNanos;

    public RedisDepartureLog(RedisConnection redis, long pendingCapNanos) {
        this.redis = redis;
        this.pendingCapNanos = pendingCapNanos;
    }

    @Override
    public long tryAdmit(String key, String entry, int rate) {
        byte[][] arguments = {bytes(rate), bytes(entry), micros(WINDOW_NANOS), micros(pendingCapNanos),
                micros(PENDING_POLL_NANOS), micros(EARLY_NANOS)};
        try {
            Long waitMicros = LettuceFutures.awaitOrCancel(redis.connection().async().<Long>eval(ADMIT,
                    ScriptOutputType.INTEGER, new String[] {PREFIX + key, RATE, TURN_PREFIX + key}, arguments), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return TimeUnit.MICROSECONDS.toNanos(waitMicros);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            return RETRY_NANOS;
        }
    }

    @Override
    public void left(String key, String entry) {
        mark(key, entry, WINDOW_NANOS, false); // when it fails, the entry counts until its cap
    }

    @Override
    public void answered(String key, String entry, long fastestNanos) {
        mark(key, entry, AFTER_ANSWER_NANOS - fastestNanos, true);
    }

    private void mark(String key, String entry, long countsForNanos, boolean onlyLater) {
        withoutWaiting(commands -> commands.eval(LEFT, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                bytes(entry), micros(countsForNanos), bytes(onlyLater ? 1 : 0)));
    }

    @Override
    public void release(String key, String entry) {
        withoutWaiting(commands -> commands.zrem(PREFIX + key, bytes(entry)));
    }

    private void withoutWaiting(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<?>> command) {
        try {
            command.apply(redis.connection().async()).whenComplete((done, failure) -> {
                if (failure != null) {
                    redis.failed(failure);
                }
            });
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
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

    private static byte[] micros(long nanos) {
        return bytes(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
