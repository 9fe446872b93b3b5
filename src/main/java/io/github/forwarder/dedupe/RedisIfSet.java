package io.github.forwarder.dedupe;

import io.github.forwarder.redis.RedisConnection;

/**
 * The Redis of forwarder.redis.url with this forwarder's heartbeat in it, or neither (both null: this forwarder
 * alone). Always bound, so each bean that has a local and a Redis form is given it.
 */
public record RedisIfSet(RedisConnection redis, ForwarderHeartbeat heartbeat) {

    public static final RedisIfSet NONE = new RedisIfSet(null, null);

    public boolean isSet() {
        return redis != null;
    }
}
