package io.github.forwarder.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Redis connection of this forwarder (forwarder.redis.url), shared by the rate's buckets and the delivery
 * claims. Lettuce reconnects on its own once connected; before that (Redis down at start) each use tries to connect,
 * at most once a second. While disconnected, commands fail at once (not queued): the callers then let their events
 * wait, and readiness reports why. Every failure is counted for forwarder_redis_errors_total.
 */
public final class RedisConnection extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final long RECONNECT_EVERY_NANOS = 1_000_000_000L;

    private final RedisURI uri;
    private final LongAdder errors = new LongAdder();
    /** System.nanoTime of the first failure since Redis last answered; 0 while it answers. */
    private final AtomicLong unreachableSince = new AtomicLong();
    private static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(1);

    private ClientResources resources;
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private long lastAttempt;
    private volatile String lastFailure;

    /** @param password used when the URL carries none (e.g. from FORWARDER_REDIS_PASSWORD); "" for none */
    public RedisConnection(String url, String password, Duration timeout) {
        this.uri = RedisURI.create(url);
        if (uri.getPassword() == null && !password.isBlank()) {
            uri.setPassword(password.toCharArray());
        }
        uri.setTimeout(timeout);
    }

    /** The longest wait for one command (forwarder.redis.timeoutMs). */
    public Duration timeout() {
        return uri.getTimeout();
    }

    /** Where, never the password: e.g. "rediss://redis.internal:6379/0 (password set)". */
    public String describe() {
        return (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost() + ":" + uri.getPort() + "/"
                + uri.getDatabase() + (uri.getPassword() != null ? " (password set)" : "");
    }

    /** The connection, connecting first when there is none yet; throws when Redis cannot be reached. */
    public StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (client == null) {
                // asked before start (a check or store starting first): not an attempt, so start connects at once
                throw new NotStartedYet("Redis at " + describe() + " is not connected yet: starting");
            }
            if (connection == null) {
                long now = System.nanoTime();
                if (lastAttempt != 0 && now - lastAttempt < RECONNECT_EVERY_NANOS) {
                    throw new IllegalStateException("Redis at " + describe() + " is unreachable: " + lastFailure);
                }
                lastAttempt = now;
                try {
                    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                    LOG.info("Connected to Redis at {}", describe());
                } catch (RuntimeException unreachable) {
                    failed(unreachable);
                    throw unreachable;
                }
            }
            return connection;
        }
    }

    /**
     * Counts a failed use of Redis and remembers why (without the URL's password: Lettuce never prints it). The first
     * failure of an outage is logged as a warning, the others at DEBUG: an outage is one line, not one per event.
     */
    public void failed(Throwable failure) {
        if (failure instanceof NotStartedYet) {
            return;
        }
        errors.increment();
        lastFailure = String.valueOf(failure.getMessage());
        if (unreachableSince.compareAndSet(0, System.nanoTime())) {
            LOG.warn("Redis at {} is unreachable: events wait at their source until it answers (further failures are "
                    + "counted in forwarder_redis_errors_total and logged at DEBUG): {}", describe(), lastFailure);
        } else {
            LOG.debug("Redis at {} is still unreachable: {}", describe(), lastFailure);
        }
    }

    /** True when no use of Redis failed since it last answered, or when it answers a PING now. */
    public boolean answers() {
        return unreachableSince.get() == 0 || whyUnreachable() == null;
    }

    /** Failed uses of Redis since start: commands that failed or timed out, connections refused. */
    public long errors() {
        return errors.sum();
    }

    /** Null when Redis answers a PING now; else why not, for readiness. */
    public String whyUnreachable() {
        try {
            connection().sync().ping();
            long since = unreachableSince.getAndSet(0);
            if (since != 0) {
                LOG.info("Redis at {} answers again, after {} s", describe(),
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9));
            }
            return null;
        } catch (RuntimeException e) {
            if (connection != null) {
                failed(e); // connection() counted its own failure
            }
            return "Redis at " + describe() + " is unreachable: " + e.getMessage();
        }
    }

    /** A use before start: no failure of Redis. */
    private static final class NotStartedYet extends IllegalStateException {
        NotStartedYet(String message) {
            super(message);
        }
    }

    @Override
    protected void doStart() {
        // Reconnect soon after Redis is back (Lettuce's default backs off to 30 s): waiting events resume quickly.
        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), RECONNECT_AT_MOST, 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected: the events wait at their source instead of in Lettuce's memory.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(uri.getTimeout()))
                .build());
        try {
            connection();
        } catch (RuntimeException unreachable) {
            // failed() said so; events wait until it answers
        }
    }

    @Override
    protected void doStop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.shutdown();
            resources.shutdown();
        }
    }
}
