package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.BareLoopProcess;
import io.github.forwarder.bench.process.BaselineProcess;
import io.github.forwarder.bench.process.DurableBareIntakeProcess;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.process.ProcessUnderTest;
import io.github.forwarder.bench.process.StandInProcess;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.segment.SegmentArrivals;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** One end-to-end run each: a process under test started fresh, fed its events, measured at the stand-in. */
final class EndToEndRuns {

    /**
     * The forwarder reads a file's events one after the other, on one of forwarder.concurrency threads; files of
     * 100 keep all 16 threads busy from the smallest run on. The baseline and the bare loop get the same files.
     */
    static final int EVENTS_PER_FILE = 100;
    static final int HTTP_CLIENTS = 16;
    private static final Duration STALL = Duration.ofSeconds(30);

    private EndToEndRuns() {
    }

    /** The forwarder consuming a folder of NDJSON files (forwarder.source=file:...). */
    static EndToEndResult forwarderBackfill(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events) {
        return forwarderBackfill(environment, settings, events, EVENTS_PER_FILE);
    }

    /** The same with files of another size (all the events in one file, say). */
    static EndToEndResult forwarderBackfill(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events, int eventsPerFile) {
        return backfill(environment, events, eventsPerFile, settings.throttleRate(),
                input -> ForwarderProcess.start(environment, settings.source(backfillSource(input))));
    }

    /**
     * forwarder.source for a backfill folder, as the README gives it: each file deleted once its events are done, the
     * first poll at once (readiness waits for it; Camel's default initialDelay is 1 s).
     */
    static String backfillSource(Path input) {
        return "file:" + input + "?delete=true&delay=100&maxMessagesPerPoll=500&initialDelay=0";
    }

    /** The analytics-java baseline reading the same kind of backfill folder. */
    static EndToEndResult baselineBackfill(BenchEnvironment environment, List<GeneratedEvent> events) {
        return backfill(environment, events, EVENTS_PER_FILE, Integer.MAX_VALUE,
                input -> BaselineProcess.start(environment, input));
    }

    /** The bare no-durability loop reading the same kind of backfill folder. */
    static EndToEndResult bareLoopBackfill(BenchEnvironment environment, List<GeneratedEvent> events) {
        return backfill(environment, events, EVENTS_PER_FILE, Integer.MAX_VALUE,
                input -> BareLoopProcess.start(environment, input));
    }

    private static EndToEndResult backfill(BenchEnvironment environment, List<GeneratedEvent> events,
            int eventsPerFile, int rate, Function<Path, ProcessUnderTest> start) {
        ReceivedMessages received = cleared(environment);
        return staged(environment, events, eventsPerFile, start, (process, handOver) -> {
            double cpuBefore = process.cpuSeconds();
            long[] handed = handOver.get();
            awaitDelivery(received, events, rate);
            return EndToEndResult.measure(events, handed, received, process, cpuBefore);
        });
    }

    /**
     * The forwarder's backfill at a stand-in that only counts (StandInProcess.startCounting): its throughput
     * without the stand-in's parse in the way. No latencies; the stand-in's CPU share is measured instead.
     */
    static EndToEndResult forwarderBackfillCounted(BenchEnvironment environment, StandInProcess standIn,
            ForwarderSettings settings, List<GeneratedEvent> events, int eventsPerFile) {
        return counted(environment, standIn, events, eventsPerFile, settings.throttleRate(),
                input -> ForwarderProcess.start(environment, settings.source(backfillSource(input)),
                        standIn.baseUrl()));
    }

    /** The analytics-java baseline at the counting stand-in. */
    static EndToEndResult baselineBackfillCounted(BenchEnvironment environment, StandInProcess standIn,
            List<GeneratedEvent> events) {
        return counted(environment, standIn, events, EVENTS_PER_FILE, Integer.MAX_VALUE,
                input -> BaselineProcess.start(environment, input, standIn.baseUrl()));
    }

    /** The bare loop at the counting stand-in. */
    static EndToEndResult bareLoopBackfillCounted(BenchEnvironment environment, StandInProcess standIn,
            List<GeneratedEvent> events) {
        return counted(environment, standIn, events, EVENTS_PER_FILE, Integer.MAX_VALUE,
                input -> BareLoopProcess.start(environment, input, standIn.baseUrl()));
    }

    private static EndToEndResult counted(BenchEnvironment environment, StandInProcess standIn,
            List<GeneratedEvent> events, int eventsPerFile, int rate, Function<Path, ProcessUnderTest> start) {
        standIn.clear();
        return staged(environment, events, eventsPerFile, start, (process, handOver) -> {
            double cpuBefore = process.cpuSeconds();
            double standInCpuBefore = standIn.cpuSeconds();
            long wallBefore = System.nanoTime();
            long[] handed = handOver.get();
            awaitDelivery(standIn, events, rate);
            double standInShare = (standIn.cpuSeconds() - standInCpuBefore)
                    / ((System.nanoTime() - wallBefore) / 1e9 * Runtime.getRuntime().availableProcessors());
            return EndToEndResult.counted(events, handed, standIn, process, cpuBefore, standInShare);
        });
    }

    /** A run's measurement: given the started process and the hand-over of its staged files (their times). */
    private interface Measurement {
        EndToEndResult measure(ProcessUnderTest process, Supplier<long[]> handOver);
    }

    /** Stages the events as NDJSON files, starts the process, measures it as its files are handed over. */
    private static EndToEndResult staged(BenchEnvironment environment, List<GeneratedEvent> events,
            int eventsPerFile, Function<Path, ProcessUnderTest> start, Measurement measurement) {
        Path staging = environment.newFolder("staged-");
        Path input = environment.newFolder("backfill-");
        BackfillFolder backfill = BackfillFolder.stage(staging, events, eventsPerFile);
        try (ProcessUnderTest process = start.apply(input)) {
            return measurement.measure(process, () -> backfill.handTo(input));
        } finally {
            environment.delete(input);
            environment.delete(staging);
        }
    }

    /** The forwarder fed through its HTTP intake by concurrent clients, as Sentry's webhooks feed it. */
    static EndToEndResult forwarderHttp(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events) {
        ReceivedMessages received = cleared(environment);
        try (ForwarderProcess forwarder = ForwarderProcess.start(environment, settings)) {
            return postAndAwait(forwarder, forwarder.httpPort(), events, settings.throttleRate(), received);
        }
    }

    /** The bare storing server with the bare loop behind it, posted to as the forwarder's intake is. */
    static EndToEndResult durableBareHttp(BenchEnvironment environment, List<GeneratedEvent> events) {
        ReceivedMessages received = cleared(environment);
        try (DurableBareIntakeProcess server = DurableBareIntakeProcess.startForwarding(environment)) {
            return postAndAwait(server, server.httpPort(), events, Integer.MAX_VALUE, received);
        }
    }

    private static EndToEndResult postAndAwait(ProcessUnderTest server, int httpPort, List<GeneratedEvent> events,
            int rate, ReceivedMessages received) {
        try (HttpPoster poster = new HttpPoster(HTTP_CLIENTS)) {
            double cpuBefore = server.cpuSeconds();
            PostResults posted = poster.postEach(httpPort, "/sentry/events", events.size(),
                    i -> events.get(i).json(), Duration.ofMinutes(10));
            long[] handed = new long[events.size()];
            for (int i = 0; i < events.size(); i++) {
                handed[i] = posted.sentNanos(i);
            }
            awaitDelivery(received, events, rate);
            return EndToEndResult.measure(events, handed, received, server, cpuBefore);
        }
    }

    private static ReceivedMessages cleared(BenchEnvironment environment) {
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        return received;
    }

    private static void awaitDelivery(SegmentArrivals received, List<GeneratedEvent> events, int rate) {
        int expected = (int) events.stream().filter(GeneratedEvent::forwardable).count();
        long atLeastSeconds = expected / Math.max(1, Math.min(rate, 1_000));
        // a generous cap: on a busy shared machine a slow run is still a result; a stuck one stalls first
        if (!DeliveryWait.awaitAll(received, expected, STALL, Duration.ofSeconds(3 * atLeastSeconds + 600))) {
            Scenario.progress("delivery stalled at %d of %d messages", received.distinctMessages(), expected);
        }
    }
}
