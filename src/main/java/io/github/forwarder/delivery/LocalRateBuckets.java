package io.github.forwarder.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The rate's buckets in this process's memory: the limit holds for this forwarder alone. */
public final class LocalRateBuckets implements RateBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private BucketConfiguration configuration;

    public LocalRateBuckets(BucketConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public long tryTake(String key, long tokens) {
        Bucket bucket = buckets.get(key);
        ConsumptionProbe probe = (bucket != null ? bucket : newBucket(key)).tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** Made under the same lock as {@link #configure}, so no bucket misses a new configuration. */
    private synchronized Bucket newBucket(String key) {
        return buckets.computeIfAbsent(key, k -> {
            LocalBucketBuilder builder = Bucket.builder();
            for (Bandwidth limit : configuration.getBandwidths()) {
                builder.addLimit(limit);
            }
            return builder.build();
        });
    }

    @Override
    public synchronized void configure(BucketConfiguration configuration) {
        this.configuration = configuration;
        // AS_IS keeps the tokens a bucket holds (capped at the new capacity): a change grants no burst.
        buckets.values().forEach(bucket -> bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS));
    }
}
