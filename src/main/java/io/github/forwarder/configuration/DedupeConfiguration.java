package io.github.forwarder.configuration;

import io.github.forwarder.chunk.ClaimWaits;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.dedupe.ForwarderHeartbeat;
import io.github.forwarder.dedupe.ForwarderIdentity;
import io.github.forwarder.dedupe.LocalDeliveryClaims;
import io.github.forwarder.dedupe.RedisDeliveryClaims;
import io.github.forwarder.dedupe.RedisIfSet;
import io.github.forwarder.dedupe.RememberedIds;
import io.github.forwarder.redis.RedisConnection;
import io.github.forwarder.redis.RedisOutageGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Binds the claims that let one copy of an event through at a time: in Redis when forwarder.redis.url is set
 * (shared by every forwarder on it, held while this forwarder's heartbeat is there), else in memory with the
 * delivered ids kept across restarts in {@code <dataDir>/dedupe/}.
 */
public class DedupeConfiguration extends AreaConfiguration {

    @PropertyInject("forwarder.dataDir")
    String dataDir;
    @PropertyInject("forwarder.source")
    String source;
    @PropertyInject("forwarder.redis.url")
    String redisUrl;
    @PropertyInject("forwarder.redis.password")
    String redisPassword;
    @PropertyInject("forwarder.redis.timeoutMs")
    long redisTimeoutMs;
    @PropertyInject("forwarder.redis.heartbeatMs")
    long heartbeatMs;
    @PropertyInject("forwarder.redis.heartbeatExpiryMs")
    long heartbeatExpiryMs;
    @PropertyInject("forwarder.dedupe.ttlMs")
    long ttlMs;
    @PropertyInject("forwarder.dedupe.size")
    int size;

    // What the bind methods made that configure() starts.
    private RedisIfSet shared = RedisIfSet.NONE;
    private final Map<String, RememberedIds> rememberedIds = new HashMap<>();

    @BindToRegistry("forwarderRedisIfSet")
    public RedisIfSet redisIfSet() {
        if (redisUrl.isBlank()) {
            shared = RedisIfSet.NONE;
        } else {
            RedisConnection redis = new RedisConnection(redisUrl, redisPassword, Duration.ofMillis(redisTimeoutMs));
            shared = new RedisIfSet(redis, new ForwarderHeartbeat(redis, ForwarderIdentity.of(Path.of(dataDir)),
                    Duration.ofMillis(heartbeatMs), Duration.ofMillis(heartbeatExpiryMs)));
        }
        return shared;
    }

    @BindToRegistry("redisOutageGate")
    public RedisOutageGate redisOutageGate(RedisIfSet shared) {
        return new RedisOutageGate(shared.redis());
    }

    @BindToRegistry("deliveredSentryEvents")
    public DeliveryClaims deliveredSentryEvents(RedisIfSet shared) {
        return claims(shared, "event");
    }

    @BindToRegistry("identifiedSentryUsers")
    public DeliveryClaims identifiedSentryUsers(RedisIfSet shared) {
        return claims(shared, "user");
    }

    /** Without Redis no claim is ever held elsewhere, so nothing waits. */
    @BindToRegistry("claimWaits")
    public ClaimWaits claimWaits(RedisIfSet shared) {
        return new ClaimWaits(source, shared.isSet() ? shared.heartbeat().every() : Duration.ZERO);
    }

    /** The claims of event ids ("event") or user ids ("user"). */
    private DeliveryClaims claims(RedisIfSet shared, String ids) {
        if (shared.isSet()) {
            return new RedisDeliveryClaims(shared.redis(), ids, ForwarderIdentity.of(Path.of(dataDir)),
                    shared.heartbeat(), Duration.ofMillis(ttlMs));
        }
        RememberedIds remembered = new RememberedIds(Path.of(dataDir, "dedupe", ids + "-ids.dat"), size);
        rememberedIds.put(ids, remembered);
        return new LocalDeliveryClaims(remembered);
    }

    /** Redis before the heartbeat, so the heartbeat stops first. */
    @Override
    public void configure(CamelContext context) throws Exception {
        if (shared.isSet()) {
            context.addService(shared.redis(), true, true);
            context.addService(shared.heartbeat(), true, true);
        } else {
            for (RememberedIds ids : rememberedIds.values()) {
                context.addService(ids, true, true);
            }
        }
    }
}
