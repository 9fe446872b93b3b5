package io.github.forwarder.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The Segment rate: at most {@code rate} requests per throttle key (one per write key, property
 * {@value #KEY}) in any 1-second window, sliding. A route step that holds no thread while a call waits: calls
 * queue per key, in order, and one timer thread lets each go when its key's bucket gives it a token, so a burst
 * to one key never delays another. A token is taken when the call leaves, not reserved ahead: a late timer (GC
 * pause, busy CPU) then sends fewer calls, never a burst of overdue ones.
 */
public final class SegmentRateLimit extends AsyncProcessorSupport {

    /** The exchange property naming the bucket: {@code SegmentDestinations.throttleKey}. */
    public static final String KEY = "segmentThrottleKey";

    /*
     * A token bucket lets at most capacity + refill * T tokens go in any window of length T. So, in hundredths of a
     * request: a refill of 96% of the rate, and a capacity of one request plus 10 ms of refill (a timer up to 10 ms
     * late loses nothing). In any second at most 1 + 0.9696 * rate requests go, always under rate + 1; the
     * (rate + 1)-th call after any call leaves at least 31 ms beyond its second, a margin for the calls' own
     * jitter on the way to Segment. A backlog still moves at 96% of the rate.
     */
    static final long UNITS_PER_REQUEST = 100;
    private static final long REFILL_PERCENT = 96;
    private static final long LATE_TIMER_MS = 10;

    private final CamelContext context;
    private final RateBuckets buckets;
    private final Map<String, KeyQueue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder waited = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile int rate;
    private ScheduledExecutorService timer;
    private ExecutorService senders;

    public SegmentRateLimit(CamelContext context, int rate) {
        this(context, rate, LocalRateBuckets::new);
    }

    /** @param buckets where the buckets live, made with the configuration of the rate (local or shared in Redis) */
    public SegmentRateLimit(CamelContext context, int rate, Function<BucketConfiguration, RateBuckets> buckets) {
        this.context = context;
        this.rate = requirePositive(rate);
        this.buckets = buckets.apply(bucketFor(rate));
    }

    /** The calls waiting for one key's tokens, and the timer's next look at them. */
    private static final class KeyQueue {
        final String key;
        final Queue<Waiting> calls = new ArrayDeque<>();
        ScheduledFuture<?> nextLook;
        boolean looking;

        KeyQueue(String key) {
            this.key = key;
        }
    }

    private record Waiting(Exchange exchange, AsyncCallback callback, long since) {
    }

    /** The bucket for at most {@code rate} requests in any 1-second window (see above). */
    static BucketConfiguration bucketFor(int rate) {
        long refillPerSecond = REFILL_PERCENT * rate;
        long capacity = UNITS_PER_REQUEST + refillPerSecond * LATE_TIMER_MS / 1000;
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refillPerSecond, Duration.ofSeconds(1))
                        .build())
                .build();
    }

    public int rate() {
        return rate;
    }

    /** A new rate for every key, effective at once: the buckets are reconfigured and the timer looks again. */
    public void setRate(int rate) {
        buckets.configure(bucketFor(requirePositive(rate)));
        this.rate = rate;
        queues.values().forEach(queue -> {
            synchronized (queue) {
                if (queue.nextLook != null && queue.nextLook.cancel(false)) {
                    queue.nextLook = null;
                    timer.execute(() -> look(queue));
                }
            }
        });
    }

    /** Calls that found no token at once and waited for one (with Redis: for the rate shared by all forwarders). */
    public long waited() {
        return waited.sum();
    }

    /** The time those calls waited, in seconds. */
    public double waitedSeconds() {
        return waitedNanos.sum() / 1e9;
    }

    /** Calls waiting for a token now, over all keys: the throttle's queue depth. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (context.isStopping()) {
            exchange.setException(stopping());
            callback.done(true);
            return true;
        }
        KeyQueue queue = queues.computeIfAbsent(exchange.getProperty(KEY, "none", String.class), KeyQueue::new);
        waiting.incrementAndGet();
        synchronized (queue) {
            queue.calls.add(new Waiting(exchange, callback, System.nanoTime()));
            if (!queue.looking) {
                queue.looking = true;
                timer.execute(() -> look(queue));
            }
        }
        if (context.isStopping()) {
            releaseAllAsStopped();
        }
        return false;
    }

    /** On the timer thread only: lets calls go while the key has tokens, then looks again when the next is due. */
    private void look(KeyQueue queue) {
        while (true) {
            synchronized (queue) {
                queue.nextLook = null;
                if (queue.calls.isEmpty()) {
                    queue.looking = false;
                    return;
                }
            }
            int rateSeen = rate;
            long wait = buckets.tryTake(queue.key, UNITS_PER_REQUEST);
            if (wait > 0) {
                synchronized (queue) {
                    // A rate set while the wait was worked out may allow the call sooner: look again now.
                    queue.nextLook = timer.schedule(() -> look(queue), rate == rateSeen ? wait : 0,
                            TimeUnit.NANOSECONDS);
                }
                return;
            }
            Waiting next;
            synchronized (queue) {
                next = queue.calls.poll();
            }
            waiting.decrementAndGet();
            countWait(System.nanoTime() - next.since());
            // The call goes on (to Segment) on a thread of its own: the timer stays on time.
            senders.execute(() -> next.callback().done(false));
        }
    }

    /** A wait under a millisecond is the timer's own hop, not a wait for the rate. */
    private void countWait(long nanos) {
        if (nanos >= 1_000_000) {
            waited.increment();
            waitedNanos.add(nanos);
        }
    }

    /**
     * A stop does not wait out the queue: waiting calls, and those that come while stopping, fail as interrupted
     * (not dead-lettered while stopping), and their sources keep the events for the next start.
     */
    private void releaseAllAsStopped() {
        for (KeyQueue queue : queues.values()) {
            synchronized (queue) {
                for (Waiting call; (call = queue.calls.poll()) != null; ) {
                    waiting.decrementAndGet();
                    call.exchange().setException(stopping());
                    call.callback().done(false);
                }
            }
        }
    }

    private static InterruptedIOException stopping() {
        return new InterruptedIOException("the forwarder is stopping");
    }

    private static int requirePositive(int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("forwarder.throttle.rate must be at least 1, was " + rate);
        }
        return rate;
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SegmentRateLimit");
        senders = context.getExecutorServiceManager().newCachedThreadPool(this, "SegmentRateLimitSend");
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stopping) {
                releaseAllAsStopped();
            }
        });
    }

    @Override
    protected void doStop() {
        releaseAllAsStopped();
        context.getExecutorServiceManager().shutdownNow(timer);
        context.getExecutorServiceManager().shutdownNow(senders);
    }
}
