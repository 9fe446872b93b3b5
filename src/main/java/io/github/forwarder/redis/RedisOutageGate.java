package io.github.forwarder.redis;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * While Redis (forwarder.redis.url) does not answer, a file or message of the source waits here, in flight, before
 * its events try to claim their ids, instead of failing and being taken again at every poll (measured in
 * RedisRestartUnderForkedForwardersIT: 244 "Rollback file strategy" warnings from two forwarders in a 5 s outage).
 * It asks Redis again every {@link #RECHECK_MS} ms; a stop does not wait for Redis: the file or message fails, and
 * the source keeps it. Without Redis, or while it answers, it lets everything through at once.
 */
public final class RedisOutageGate implements Processor {

    static final long RECHECK_MS = 500;

    private final RedisConnection redis;

    /** @param redis null when forwarder.redis.url is not set */
    public RedisOutageGate(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException, InterruptedIOException {
        if (redis == null) {
            return;
        }
        while (!redis.answers()) {
            if (exchange.getContext().isStopping()) {
                throw new InterruptedIOException("the forwarder is stopping while Redis is unreachable");
            }
            TimeUnit.MILLISECONDS.sleep(RECHECK_MS);
        }
    }
}
