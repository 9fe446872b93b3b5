package io.github.forwarder.dedupe;

import io.github.forwarder.InvalidSettingsException;
import io.github.forwarder.redis.RedisConnection;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This forwarder's sign of life in Redis, which its claims refer to (see {@link RedisDeliveryClaims}): one key,
 * sentry-forwarder:alive:owner, written every forwarder.redis.heartbeatMs and expiring after
 * forwarder.redis.heartbeatExpiryMs. While it is there the claims are held, however long a Segment call waits; once
 * it expired (the forwarder died, or was frozen that long) any forwarder may take them. One write per interval,
 * whatever the number of claims, from a thread of its own so that busy delivery threads never delay it.
 */
public final class ForwarderHeartbeat extends ServiceSupport {

    static final String KEY_PREFIX = "sentry-forwarder:alive:";
    private static final Logger LOG = LoggerFactory.getLogger(ForwarderHeartbeat.class);
    private static final byte[] ALIVE = "alive".getBytes(StandardCharsets.UTF_8);

    private final RedisConnection redis;
    private final String key;
    private final Duration every;
    private final Duration expiry;
    private final List<Runnable> afterEachBeat = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    /** System.nanoTime of the last heartbeat Redis took; 0 before the first. */
    private volatile long lastBeat;

    public ForwarderHeartbeat(RedisConnection redis, String owner, Duration every, Duration expiry) {
        if (expiry.compareTo(every.multipliedBy(2)) < 0) {
            throw new InvalidSettingsException("forwarder.redis.heartbeatExpiryMs (" + expiry.toMillis()
                    + ") must be at least twice forwarder.redis.heartbeatMs (" + every.toMillis()
                    + "): one late heartbeat would free this forwarder's claims");
        }
        this.redis = redis;
        this.key = KEY_PREFIX + owner;
        this.every = every;
        this.expiry = expiry;
    }

    /** How long a silent forwarder's claims are still held: forwarder.redis.heartbeatExpiryMs. */
    public Duration expiry() {
        return expiry;
    }

    /** How often the heartbeat is written: forwarder.redis.heartbeatMs. */
    public Duration every() {
        return every;
    }

    /** Runs after each heartbeat Redis took, on the heartbeat's thread (see RedisDeliveryClaims#settleLeftOvers). */
    void afterEachBeat(Runnable step) {
        afterEachBeat.add(step);
    }

    void beat() {
        try {
            LettuceFutures.awaitOrCancel(redis.connection().async().set(key, ALIVE, SetArgs.Builder.px(expiry.toMillis())),
                    redis.timeout().toMillis(), TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            long silent = lastBeat == 0 ? 0 : now - lastBeat;
            lastBeat = now;
            if (silent > expiry.toNanos()) {
                LOG.warn("This forwarder's heartbeat was silent for {} ms, longer than forwarder.redis.heartbeatExpiryMs"
                        + " ({} ms): other forwarders may have taken its claims, so an event in flight here may reach"
                        + " Segment twice (with the same messageId)", silent / 1_000_000, expiry.toMillis());
            }
            afterEachBeat.forEach(Runnable::run);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable); // readiness says why; the claims wait at their source meanwhile
        }
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "forwarder-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After the routes stopped: the claims they left (none after a clean stop) are free at once. */
    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            LettuceFutures.awaitOrCancel(redis.connection().async().del(key), redis.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException unreachable) {
            // it expires on its own
        }
    }
}
