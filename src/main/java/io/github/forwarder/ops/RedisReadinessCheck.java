package io.github.forwarder.ops;

import io.github.forwarder.redis.RedisConnection;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness with forwarder.redis.url: DOWN while Redis does not answer a PING, since no event can be claimed or take
 * a token of the shared rate then (they wait at their source). UP again as soon as it answers.
 */
public final class RedisReadinessCheck extends ReadinessCheck {

    private final RedisConnection redis;

    public RedisReadinessCheck(RedisConnection redis, Supplier<Instant> clock) {
        super("redis-reachable", clock);
        this.redis = redis;
    }

    @Override
    protected String whyDown(Instant now, HealthCheckResultBuilder result) {
        return redis.whyUnreachable();
    }
}
