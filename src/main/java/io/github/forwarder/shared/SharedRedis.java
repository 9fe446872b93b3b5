package io.github.forwarder.shared;

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
public final class SharedRedis extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);
    private static final long RECONNECT_EVERY_NANOS = 1_000_000_000L;

    private final RedisURI uri;
    private final LongAdder errors = new LongAdder();
    private static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(1);

    private ClientResources resources;
    private volatile RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private long lastAttempt;
    private volatile String lastFailure;

    /** @param password used when the URL carries none (e.g. from FORWARDER_REDIS_PASSWORD); "" for none */
    public SharedRedis(String url, String password, Duration timeout) {
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
                throw new IllegalStateException("Redis at " + describe() + " is not connected yet: starting");
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

    /** Counts a failed use of Redis and remembers why (without the URL's password: Lettuce never prints it). */
    public void failed(Throwable failure) {
        errors.increment();
        lastFailure = String.valueOf(failure.getMessage());
    }

    /** Failed uses of Redis since start: commands that failed or timed out, connections refused. */
    public long errors() {
        return errors.sum();
    }

    /** Null when Redis answers a PING now; else why not, for readiness. */
    public String whyUnreachable() {
        try {
            connection().sync().ping();
            return null;
        } catch (RuntimeException e) {
            if (connection != null) {
                failed(e); // connection() counted its own failure
            }
            return "Redis at " + describe() + " is unreachable: " + e.getMessage();
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
            LOG.warn("Redis at {} is unreachable at start; events wait until it answers: {}", describe(),
                    unreachable.getMessage());
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
