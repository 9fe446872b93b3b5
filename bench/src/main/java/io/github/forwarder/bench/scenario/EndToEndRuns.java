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
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

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
        Path staging = environment.newFolder("staged-");
        Path input = environment.newFolder("backfill-");
        BackfillFolder backfill = BackfillFolder.stage(staging, events, eventsPerFile);
        ReceivedMessages received = cleared(environment);
        try (ProcessUnderTest process = start.apply(input)) {
            double cpuBefore = process.cpuSeconds();
            long[] handed = backfill.handTo(input);
            awaitDelivery(received, events, rate);
            return EndToEndResult.measure(events, handed, received, process, cpuBefore);
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

    private static void awaitDelivery(ReceivedMessages received, List<GeneratedEvent> events, int rate) {
        int expected = (int) events.stream().filter(GeneratedEvent::forwardable).count();
        long atLeastSeconds = expected / Math.max(1, Math.min(rate, 1_000));
        // a generous cap: on a busy shared machine a slow run is still a result; a stuck one stalls first
        if (!DeliveryWait.awaitAll(received, expected, STALL, Duration.ofSeconds(3 * atLeastSeconds + 600))) {
            Scenario.progress("delivery stalled at %d of %d messages", received.distinctMessages(), expected);
        }
    }
}
