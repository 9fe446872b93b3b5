package io.github.forwarder.delivery;

import io.github.forwarder.ExchangeProperties;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate's rule ({@link DepartureLog}) applied to the Segment requests. As a route step before each request it
 * holds no thread: calls queue per destination key (property {@value io.github.forwarder.ExchangeProperties#RATE_KEY}), in order, and one timer thread admits
 * each when its destination's log has room, so a burst to one destination never delays another. A new rate holds at
 * once. As the HTTP client configurer of the forwarder's own Segment endpoints ({@code httpClientConfigurer=
 * #segmentRateLimit} in routes/, never on the http components a host's routes use) it marks when a request goes on
 * the wire, after its connection is leased and connected, and frees the entry of one that never did; the step
 * names the entry in header {@value #ENTRY_HEADER}, which HttpClient removes before the request leaves.
 * <p>
 * With the logger {@value #SEND_TIMES_LOGGER} at TRACE ({@code -Dlog4j2.level.sendTimes=TRACE}) each request logs
 * the moment it goes on the wire, in {@code System.nanoTime()}: the benchmark counts the busiest second on the
 * forwarder's own side from it. Off by default; the line carries no key.
 */
public final class SegmentRateLimit extends AsyncProcessorSupport implements HttpClientConfigurer {

    /** The request header carrying its log entry to the HTTP client's hooks, removed before the request leaves. */
    static final String ENTRY_HEADER = "Forwarder-Rate-Entry";
    private static final String LEFT = "forwarder.rate.left";
    static final String SEND_TIMES_LOGGER = "io.github.forwarder.delivery.SegmentSendTimes";
    private static final Logger SEND_TIMES = LoggerFactory.getLogger(SEND_TIMES_LOGGER);

    private final CamelContext context;
    private final DepartureLog log;
    /** Entries are named by this forwarder and a count: unique among the forwarders sharing a Redis. */
    private final String entryPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private final AtomicLong entries = new AtomicLong();
    private final Map<String, KeyQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, FastestWay> fastestWays = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder waited = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile int rate;
    private ScheduledExecutorService timer;
    private ExecutorService senders;

    public SegmentRateLimit(CamelContext context, int rate, DepartureLog log) {
        this.context = context;
        this.rate = requirePositive(rate);
        this.log = log;
    }

    /** The calls waiting to leave for one key, and the timer's next look at them. */
    private static final class KeyQueue {
        final String key;
        final Queue<Waiting> calls = new ArrayDeque<>();
        ScheduledFuture<?> nextLook;
        boolean looking;

        KeyQueue(String key) {
            this.key = key;
        }
    }

    /**
     * The quickest answer (from the wire) of a destination's requests in the last whole second: 0 in the first second
     * and after a pause, when the way may be slow (new connections, code not yet compiled), so those count from their
     * answer.
     */
    private static final class FastestWay {
        static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
        long period = Long.MIN_VALUE;
        long current;
        long previous;

        synchronized long add(long way, long at) {
            long now = Math.floorDiv(at, PERIOD_NANOS);
            if (now != period) {
                previous = now == period + 1 ? current : 0;
                current = way;
                period = now;
            }
            current = Math.min(current, way);
            return previous;
        }
    }

    private record Waiting(Exchange exchange, AsyncCallback callback, long since) {
    }

    public int rate() {
        return rate;
    }

    /** A new rate for every key, effective at once: the timer looks again. */
    public void setRate(int rate) {
        this.rate = requirePositive(rate);
        log.share(rate);
        queues.values().forEach(queue -> {
            synchronized (queue) {
                if (queue.nextLook != null && queue.nextLook.cancel(false)) {
                    queue.nextLook = null;
                    timer.execute(() -> look(queue));
                }
            }
        });
    }

    /** Calls that could not leave at once and waited (with Redis: for the rate shared by all forwarders). */
    public long waited() {
        return waited.sum();
    }

    /** The time those calls waited, in seconds. */
    public double waitedSeconds() {
        return waitedNanos.sum() / 1e9;
    }

    /** Calls waiting to leave now, over all keys: the throttle's queue depth. */
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
        KeyQueue queue = queues.computeIfAbsent(exchange.getProperty(ExchangeProperties.RATE_KEY, "none", String.class), KeyQueue::new);
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

    /** On the timer thread only: admits calls while the log has room, then looks again when it may. */
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
            String entry = entryPrefix + entries.incrementAndGet();
            long wait = log.tryAdmit(queue.key, entry, rateSeen);
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
            next.exchange().getMessage().setHeader(ENTRY_HEADER, entry + " " + queue.key);
            long waitedFor = System.nanoTime() - next.since();
            if (waitedFor >= 1_000_000) { // under a millisecond is the timer's own hop, not a wait for the rate
                waited.increment();
                waitedNanos.add(waitedFor);
            }
            // The call goes on (to Segment) on a thread of its own: the timer stays on time.
            senders.execute(() -> next.callback().done(false));
        }
    }

    /**
     * First in HttpClient's chain: takes the entry off the request, and frees it if the request ends without having
     * gone on the wire. Just before the transport (connection leased and connected): marks it as gone.
     */
    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("segmentRateEntry", (request, scope, chain) -> {
            Header header = request.getFirstHeader(ENTRY_HEADER);
            if (header == null) {
                return chain.proceed(request, scope);
            }
            request.removeHeaders(ENTRY_HEADER);
            String[] entryAndKey = header.getValue().split(" ", 2);
            scope.clientContext.setAttribute(ENTRY_HEADER, entryAndKey);
            try {
                return chain.proceed(request, scope);
            } finally {
                if (scope.clientContext.getAttribute(LEFT) == null) {
                    log.release(entryAndKey[1], entryAndKey[0]);
                }
            }
        });
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "segmentRateDeparture",
                (request, scope, chain) -> {
                    if (!(scope.clientContext.getAttribute(ENTRY_HEADER) instanceof String[] entryAndKey)) {
                        return chain.proceed(request, scope);
                    }
                    long leftAt = System.nanoTime();
                    log.left(entryAndKey[1], entryAndKey[0]);
                    scope.clientContext.setAttribute(LEFT, Boolean.TRUE);
                    try {
                        return chain.proceed(request, scope);
                    } finally {
                        long way = System.nanoTime() - leftAt;
                        long fastest = fastestWays.computeIfAbsent(entryAndKey[1], k -> new FastestWay())
                                .add(way, leftAt);
                        if (way - fastest > DepartureLog.WINDOW_NANOS - DepartureLog.AFTER_ANSWER_NANOS) {
                            log.answered(entryAndKey[1], entryAndKey[0], fastest);
                        }
                        SEND_TIMES.trace("Segment request leaves at {} ns", leftAt); // after it: not holding it up
                    }
                });
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
        log.share(rate);
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
