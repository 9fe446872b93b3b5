package io.github.forwarder.delivery;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.forwarder.shared.SharedRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate's buckets in Redis (Bucket4j's Lettuce backend, compare-and-swap): every forwarder on that Redis takes
 * its tokens from the same bucket per write key, so their requests together keep the rate. The bucket's state holds
 * the time of its last refill, read from each forwarder's clock: keep their clocks in sync (NTP), since a forwarder
 * whose clock runs ahead refills early. While Redis cannot be reached no token is given: the call waits and asks again
 * in {@link #RETRY_NANOS}, and the failure is counted.
 */
public final class RedisRateBuckets implements RateBuckets {

    static final long RETRY_NANOS = 500_000_000L;
    /** A bucket untouched this long after it refilled is removed from Redis (it would be full anyway). */
    private static final Duration KEEP_FULL_BUCKET = Duration.ofMinutes(1);
    private static final String PREFIX = "sentry-forwarder:rate:";

    private final SharedRedis redis;
    private final Map<String, BucketProxy> buckets = new ConcurrentHashMap<>();
    private volatile BucketConfiguration configuration;
    private ProxyManager<String> proxies;

    public RedisRateBuckets(SharedRedis redis, BucketConfiguration configuration) {
        this.redis = redis;
        this.configuration = configuration;
    }

    @Override
    public long tryTake(String key, long tokens) {
        try {
            ConsumptionProbe probe = buckets.computeIfAbsent(key, this::newBucket).tryConsumeAndReturnRemaining(tokens);
            return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            return RETRY_NANOS;
        }
    }

    /** The bucket as Redis holds it; made there, with the current configuration, by its first use. */
    private BucketProxy newBucket(String key) {
        return proxies().builder().build(PREFIX + key, () -> configuration);
    }

    /** Made on first use: Redis may be down when the forwarder starts. */
    private synchronized ProxyManager<String> proxies() {
        if (proxies == null) {
            proxies = Bucket4jLettuce.casBasedBuilder(redis.connection())
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            KEEP_FULL_BUCKET))
                    .build();
        }
        return proxies;
    }

    /** The shared buckets change for every forwarder: a new rate set on one (JMX) holds for all of them. */
    @Override
    public void configure(BucketConfiguration configuration) {
        this.configuration = configuration;
        buckets.values().forEach(bucket -> {
            try {
                // AS_IS keeps the tokens a bucket holds (capped at the new capacity): a change grants no burst.
                bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
            } catch (RuntimeException unreachable) {
                redis.failed(unreachable); // the bucket is made again with the new configuration once it expired
            }
        });
    }
}
