package io.github.forwarder.ops;

import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.SentryProject;
import io.github.forwarder.sentry.SentryShape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The forwarder's own meters, scraped at /observe/metrics in Prometheus text next to Camel's route metrics.
 * Micrometer names map to Prometheus names: dots become underscores, counters end in _total, timers in _seconds.
 * Every series is registered at start, the labelled ones for each known label value, so each shows 0 until it
 * moves and rate() works from the first scrape.
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
    public static final String READY = "forwarder.ready";
    public static final String THROTTLE_WAITS = "forwarder.throttle.waits";
    public static final String THROTTLE_WAIT_SECONDS = "forwarder.throttle.wait.seconds";
    public static final String REDIS_ERRORS = "forwarder.redis.errors";
    public static final String STORE_FAILURES = "forwarder.store.failures";

    private static final List<String> FILTER_REASONS = List.of(ForwardingFilter.NOT_AN_ERROR,
            ForwardingFilter.NO_USER_ID, ForwardingFilter.TYPE_NOT_INCLUDED, ForwardingFilter.TYPE_EXCLUDED,
            ForwardingFilter.PROJECT_DISABLED, DeliveryClaims.DUPLICATE, ForwardingFilter.UNSUPPORTED_RESOURCE);
    private static final List<String> STATUS_CLASSES = List.of("2xx", "3xx", "4xx", "5xx", "error");
    /** Histogram buckets of the Segment calls, so dashboards can show latency quantiles (histogram_quantile). */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** The project label of calls that are not a Sentry event's: the segment-sink used by other routes. */
    public static final String NO_PROJECT = "none";

    private final MeterRegistry registry;
    private final List<Supplier<Number>> sharedStateSources = new ArrayList<>();
    private final Map<List<String>, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> forwarded = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, Counter> filtered = new ConcurrentHashMap<>();
    private final Map<String, Timer> segmentRequests = new ConcurrentHashMap<>();
    private final Counter replayed;
    private final Counter retries;

    /** @param sources where events come in: http, and the scheme of forwarder.source */
    public ForwarderMetrics(MeterRegistry registry, Set<String> sources) {
        this.registry = registry;
        for (String source : sources) {
            for (SentryShape shape : SentryShape.values()) {
                receivedCounter(source, shape.label());
            }
        }
        for (String reason : FILTER_REASONS) {
            filteredCounter(reason);
        }
        for (String statusClass : STATUS_CLASSES) {
            segmentRequests(statusClass);
        }
        for (String project : List.of(SentryProject.UNKNOWN.name(), NO_PROJECT)) {
            forwardedCounter(project);
            deadLetteredCounter(project);
        }
        replayed = Counter.builder(REPLAYED).description("Dead letters sent again by the replay route")
                .register(registry);
        retries = Counter.builder(RETRIES).description("Segment calls repeated after a transient failure")
                .register(registry);
    }

    /**
     * Gauges read on each scrape: Segment requests waiting for the rate, dead letters, and readiness as 1 (ready)
     * or 0, for dashboards and alerts that cannot call /observe/health/ready.
     */
    public void gauges(Supplier<Number> throttleQueueDepth, Supplier<Number> deadLetters, Supplier<Number> ready) {
        Gauge.builder(THROTTLE_QUEUE_DEPTH, throttleQueueDepth).description(
                "Segment requests waiting for the rate (a batch request counts once)").register(registry);
        Gauge.builder(DEAD_LETTERS, deadLetters).description("Entries in the dead-letter store").register(registry);
        Gauge.builder(READY, ready).description("1 when /observe/health/ready reports UP, else 0").register(registry);
    }

    /**
     * Counters read on each scrape: Segment requests that waited for a token of the rate (with forwarder.redis.url
     * the rate shared by all forwarders) and how long they waited in all, and failed uses of Redis (0 without it).
     */
    public void sharedState(Supplier<Number> throttleWaits, Supplier<Number> throttleWaitSeconds,
            Supplier<Number> redisErrors) {
        // A function counter keeps its state weakly: these suppliers are kept here, as long as the meters.
        sharedStateSources.addAll(List.of(throttleWaits, throttleWaitSeconds, redisErrors));
        FunctionCounter.builder(THROTTLE_WAITS, throttleWaits, waits -> waits.get().doubleValue())
                .description("Segment requests that waited for a token of the rate").register(registry);
        FunctionCounter.builder(THROTTLE_WAIT_SECONDS, throttleWaitSeconds, seconds -> seconds.get().doubleValue())
                .description("Time Segment requests waited for the rate, in seconds").register(registry);
        FunctionCounter.builder(REDIS_ERRORS, redisErrors, errors -> errors.get().doubleValue())
                .description("Redis commands that failed or timed out, and connections refused").register(registry);
    }

    /**
     * A counter read on each scrape: writes of the intake's store that failed, each answered 503 to the events it
     * carried. @param store the scheme of forwarder.source (file, jms)
     */
    public void storeFailures(String store, Supplier<Number> failedWrites) {
        sharedStateSources.add(failedWrites); // kept as long as the meter, as above
        FunctionCounter.builder(STORE_FAILURES, failedWrites, failures -> failures.get().doubleValue())
                .description("Writes of the intake's store that failed (their events were answered 503)")
                .tag("store", store).register(registry);
    }

    /** @param source http, or the scheme of forwarder.source (file, jms); @param shape a {@code SentryShape} label */
    public void received(String source, String shape) {
        receivedCounter(source, shape).increment();
    }

    public void filtered(String reason) {
        filteredCounter(reason).increment();
    }

    /** @param project the Sentry project's slug or id, "unknown", or {@link #NO_PROJECT} for other routes' calls */
    public void forwarded(String project) {
        forwardedCounter(project).increment();
    }

    public void deadLettered(String project) {
        deadLetteredCounter(project).increment();
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
        segmentRequests(statusClass).record(took);
    }

    // Each labelled meter is built and registered once, then found by its label values: a builder and a registry
    // lookup per event cost more than counting it.
    private Counter receivedCounter(String source, String shape) {
        return received.computeIfAbsent(List.of(source, shape), labels -> Counter.builder(RECEIVED)
                .description("Sentry events read, by where they came in and their payload shape")
                .tag("source", source).tag("shape", shape).register(registry));
    }

    private Counter forwardedCounter(String project) {
        return forwarded.computeIfAbsent(project, label -> Counter.builder(FORWARDED)
                .description("Segment calls Segment accepted, by Sentry project").tag("project", project)
                .register(registry));
    }

    private Counter deadLetteredCounter(String project) {
        return deadLettered.computeIfAbsent(project, label -> Counter.builder(DEAD_LETTERED)
                .description("Entries written to the dead-letter store, by Sentry project").tag("project", project)
                .register(registry));
    }

    private Counter filteredCounter(String reason) {
        return filtered.computeIfAbsent(reason, label -> Counter.builder(FILTERED)
                .description("Events not forwarded, by reason").tag("reason", reason).register(registry));
    }

    private Timer segmentRequests(String statusClass) {
        return segmentRequests.computeIfAbsent(statusClass, label -> Timer.builder(SEGMENT_REQUESTS)
                .description("Calls to Segment's API, by answer").tag("status_class", statusClass)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }
}
