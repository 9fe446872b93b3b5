package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Input to Segment through a folder of NDJSON files: the fairest throughput test, since nothing but the process
 * under test stands between the events and Segment. The forwarder in each configuration and the analytics-java
 * baseline take turns within each repetition, so the machine's other load falls on all of them alike.
 */
public final class FolderBackfillScenario implements Scenario {

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        EndToEndEvents events = EndToEndEvents.of(plan, false);
        List<GeneratedEvent> raised = events.raised();
        Map<String, List<EndToEndResult>> forwarder = new LinkedHashMap<>();
        List<EndToEndResult> baseline = new ArrayList<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            baseline.add(EndToEndRuns.baselineBackfill(environment, raised));
            Scenario.progress("backfill rep %d baseline: %.0f events/s", rep, baseline.get(baseline.size() - 1)
                    .eventsPerSecond());
            for (ForwarderSettings settings : Configurations.endToEnd(plan)) {
                EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, settings,
                        events.forSettings(settings));
                forwarder.computeIfAbsent(Configurations.label(plan, settings), k -> new ArrayList<>()).add(result);
                Scenario.progress("backfill rep %d %s: %.0f events/s", rep, settings.label(), result.eventsPerSecond());
            }
        }
        double baselineEventsPerSecond = EndToEndTable.median(baseline, EndToEndResult::eventsPerSecond);
        Map<String, List<EndToEndResult>> all = new LinkedHashMap<>(forwarder);
        all.put("baseline: analytics-java 3.5.4, tuned", baseline);
        report.table(EndToEndTable.of("End to end, folder backfill (NDJSON files, " + EndToEndRuns.EVENTS_PER_FILE
                        + " events each, 80% forwardable): medians", all, Map.of("× baseline",
                        baselineEventsPerSecond))
                .note("events/s: forwardable events received by the stand-in / (last received − first file "
                        + "appeared). Latency: file appeared → its message received, so in a backfill it is mostly "
                        + "queueing. The baseline runs the larger event set (" + raised.size() + " events) in "
                        + "every comparison; it has no rate limit and no durable store. Baseline settings: "
                        + environment.baseline().describe() + "."));
        largeFile(environment, plan, report);
        if (plan.profile()) {
            ForwarderSettings profiled = ForwarderSettings.of(1, plan.raisedRate())
                    .recordTo(environment.workDir().resolve("backfill.jfr"));
            Scenario.progress("backfill: one more run with JFR, %s", profiled.label());
            EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, profiled, raised);
            HotFrames.report(report, "forwarder, folder backfill, " + profiled.label() + String.format(
                    Locale.ROOT, ", %.0f events/s under JFR", result.eventsPerSecond()), profiled.recording());
        }
    }

    /**
     * One NDJSON file of about 1 GB (200,000 events; 20,000 with --quick) against the same events in files of 100,
     * side by side in each repetition: a file is read as it is forwarded, so its size changes neither the speed nor
     * the memory. Batch size 500 with the rate raised, so that the rate does not pace either.
     */
    private static void largeFile(BenchEnvironment environment, BenchPlan plan, Report report) {
        int count = plan.quick() ? 20_000 : 200_000;
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        // made as they are written and measured, never all held: the bench's own heap stays small
        List<GeneratedEvent> events = new AbstractList<>() {
            @Override
            public GeneratedEvent get(int index) {
                return generator.event(index);
            }

            @Override
            public int size() {
                return count;
            }
        };
        long megabytes = events.stream().mapToLong(event -> event.json().length + 1).sum() / (1024 * 1024);
        ForwarderSettings settings = ForwarderSettings.of(500, plan.raisedRate());
        String oneFile = String.format(Locale.ROOT, "forwarder, one file of %,d events (%,d MB)", count, megabytes);
        String smallFiles = String.format(Locale.ROOT, "forwarder, the same events in files of %d",
                EndToEndRuns.EVENTS_PER_FILE);
        Map<String, List<EndToEndResult>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (String label : rep % 2 == 1 ? List.of(oneFile, smallFiles) : List.of(smallFiles, oneFile)) {
                EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, settings, events,
                        label.equals(oneFile) ? count : EndToEndRuns.EVENTS_PER_FILE);
                runs.computeIfAbsent(label, k -> new ArrayList<>()).add(result);
                Scenario.progress("backfill rep %d %s: %.0f events/s, peak RSS %.0f MB", rep, label,
                        result.eventsPerSecond(), result.peakRssMb());
            }
        }
        report.table(EndToEndTable.of("End to end, one large NDJSON file beside the same events in files of "
                        + EndToEndRuns.EVENTS_PER_FILE + " (" + settings.label().replace(String.valueOf(
                        plan.raisedRate()), String.format(Locale.ROOT, "%,d", plan.raisedRate())) + ", README's "
                        + "-Xmx256m): medians", runs, Map.of("× files of " + EndToEndRuns.EVENTS_PER_FILE,
                        EndToEndTable.median(runs.get(smallFiles), EndToEndResult::eventsPerSecond)))
                .note("The two take turns, in alternating order. events/s and latency as above; peak RSS is the "
                        + "process's VmHWM over the run."));
    }
}
