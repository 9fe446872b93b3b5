package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.BaselineProcess;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One end-to-end run each: a process under test started fresh, fed its events, measured at the stand-in. */
final class EndToEndRuns {

    /**
     * The forwarder reads a file's events one after the other, on one of forwarder.concurrency threads; files of
     * 100 keep all 16 threads busy from the smallest run on. The baseline gets the same files.
     */
    static final int EVENTS_PER_FILE = 100;
    static final int HTTP_CLIENTS = 16;
    private static final Duration STALL = Duration.ofSeconds(30);

    private EndToEndRuns() {
    }

    /** The forwarder consuming a folder of NDJSON files (forwarder.source=file:...). */
    static EndToEndResult forwarderBackfill(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events) {
        Path input = environment.newFolder("backfill-");
        String source = "file:" + input + "?delete=true&delay=100&maxMessagesPerPoll=500";
        ReceivedMessages received = cleared(environment);
        try (ForwarderProcess forwarder = ForwarderProcess.start(environment, settings.source(source))) {
            long[] handed = BackfillFolder.write(input, events, EVENTS_PER_FILE);
            awaitDelivery(received, events, settings.throttleRate());
            return EndToEndResult.measure(events, handed, received, forwarder.startUp().toMillis(),
                    forwarder.peakRssMb());
        } finally {
            environment.delete(input);
        }
    }

    /** The forwarder fed through its HTTP intake by concurrent clients, as Sentry's webhooks feed it. */
    static EndToEndResult forwarderHttp(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events) {
        ReceivedMessages received = cleared(environment);
        try (ForwarderProcess forwarder = ForwarderProcess.start(environment, settings);
                HttpPoster poster = new HttpPoster(HTTP_CLIENTS)) {
            PostResults posted = poster.postEach(forwarder.httpPort(), "/sentry/events", events.size(),
                    i -> events.get(i).json(), Duration.ofMinutes(10));
            long[] handed = new long[events.size()];
            for (int i = 0; i < events.size(); i++) {
                handed[i] = posted.sentNanos(i);
            }
            awaitDelivery(received, events, settings.throttleRate());
            return EndToEndResult.measure(events, handed, received, forwarder.startUp().toMillis(),
                    forwarder.peakRssMb());
        }
    }

    /** The analytics-java baseline reading the same kind of backfill folder. */
    static EndToEndResult baselineBackfill(BenchEnvironment environment, List<GeneratedEvent> events) {
        Path input = environment.newFolder("baseline-");
        ReceivedMessages received = cleared(environment);
        try (BaselineProcess baseline = BaselineProcess.start(environment, input)) {
            long[] handed = BackfillFolder.write(input, events, EVENTS_PER_FILE);
            awaitDelivery(received, events, Integer.MAX_VALUE);
            return EndToEndResult.measure(events, handed, received, baseline.startUp().toMillis(),
                    baseline.peakRssMb());
        } finally {
            environment.delete(input);
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
        if (!DeliveryWait.awaitAll(received, expected, STALL, Duration.ofSeconds(3 * atLeastSeconds + 120))) {
            Scenario.progress("delivery stalled at %d of %d messages", received.distinctMessages(), expected);
        }
    }
}
