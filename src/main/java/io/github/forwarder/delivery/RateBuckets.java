package io.github.forwarder.delivery;

import io.github.bucket4j.BucketConfiguration;

/**
 * Where the token buckets of the Segment rate live, one per throttle key. {@link LocalRateBuckets} keeps them in
 * this process; a store shared by several forwarders (Bucket4j's Redis ProxyManager) can take its place.
 */
public interface RateBuckets {

    /** Takes {@code tokens} from the key's bucket when it holds them (answer 0); else takes none and answers the
     * nanoseconds until it will hold them. */
    long tryTake(String key, long tokens);

    /** Applies to every bucket from now on, those already made included. */
    void configure(BucketConfiguration configuration);
}
