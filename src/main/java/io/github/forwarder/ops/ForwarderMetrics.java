package io.github.forwarder.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The forwarder's own meters, scraped at /observe/metrics in Prometheus text next to Camel's route metrics.
 * Micrometer names map to Prometheus names: dots become underscores, counters end in _total, timers in _seconds.
 * Routes call the counting methods by bean name ({@code forwarderMetrics}); every counter is registered at start,
 * so each shows 0 until it moves.
 */
public final class ForwarderMetrics {

    public static final String RECEIVED = "forwarder.events.received";
    public static final String FILTERED = "forwarder.events.filtered";
    public static final String FORWARDED = "forwarder.events.forwarded";
    public static final String DEAD_LETTERED = "forwarder.events.dead.lettered";
    public static final String REPLAYED = "forwarder.events.replayed";
    public static final String RETRIES = "forwarder.segment.retries";
    public static final String SEGMENT_REQUESTS = "forwarder.segment.requests";
    public static final String THROTTLE_QUEUE_DEPTH = "forwarder.throttle.queue.depth";
    public static final String DEAD_LETTERS = "forwarder.dead.letters";

    private final MeterRegistry registry;
    private final Counter forwarded;
    private final Counter deadLettered;
    private final Counter replayed;
    private final Counter retries;

    public ForwarderMetrics(MeterRegistry registry) {
        this.registry = registry;
        forwarded = Counter.builder(FORWARDED).description("Events Segment accepted").register(registry);
        deadLettered = Counter.builder(DEAD_LETTERED).description("Events written to the dead-letter store")
                .register(registry);
        replayed = Counter.builder(REPLAYED).description("Dead letters sent again by the replay route")
                .register(registry);
        retries = Counter.builder(RETRIES).description("Segment calls repeated after a transient failure")
                .register(registry);
    }

    /** Gauges read on each scrape: events waiting for (or inside) the throttled Segment call, and dead letters. */
    public void gauges(Supplier<Number> throttleQueueDepth, Supplier<Number> deadLetters) {
        Gauge.builder(THROTTLE_QUEUE_DEPTH, throttleQueueDepth).description(
                "Events in the throttled Segment call: waiting for the rate or being sent").register(registry);
        Gauge.builder(DEAD_LETTERS, deadLetters).description("Entries in the dead-letter store").register(registry);
    }

    /** @param source http, or the scheme of forwarder.source (file, jms); @param shape a {@code SentryShape} label */
    public void received(String source, String shape) {
        Counter.builder(RECEIVED).description("Sentry events read, by where they came in and their payload shape")
                .tag("source", source).tag("shape", shape).register(registry).increment();
    }

    public void filtered(String reason) {
        Counter.builder(FILTERED).description("Events not forwarded, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void forwarded() {
        forwarded.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** For the dead-letter replay route: {@code - bean: {ref: forwarderMetrics, method: replayed}}. */
    public void replayed() {
        replayed.increment();
    }

    public void retried() {
        retries.increment();
    }

    /** @param statusClass 2xx, 4xx, 5xx, or "error" when Segment gave no answer (connection failure, timeout) */
    public void segmentRequest(String statusClass, Duration took) {
        Timer.builder(SEGMENT_REQUESTS).description("Calls to Segment's API, by answer")
                .tag("status_class", statusClass).register(registry).record(took);
    }
}
