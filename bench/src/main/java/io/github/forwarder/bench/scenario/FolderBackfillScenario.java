package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.process.StandInProcess;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
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
 * under test stands between the events and Segment. The forwarder in each configuration, the analytics-java
 * baseline and the bare loop take turns within each repetition, so the machine's other load falls on all of them
 * alike, at a stand-in that only counts (its own JVM, its CPU share reported), so that it bounds no figure.
 */
public final class FolderBackfillScenario implements Scenario {

    @Override
    public String name() {
        return "backfill";
    }

    private static final String BASELINE = "baseline: analytics-java 3.5.4, tuned";
    private static final String BARE_LOOP = "bare loop: no durability, batches of 500";
    /** The forwarder compared with the bare loop: batches of 500, the rate raised, as the bare loop has none. */
    private static final int COMPARED_BATCH_SIZE = 500;

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        try (StandInProcess standIn = StandInProcess.startCounting(environment)) {
            compare(environment, plan, report, standIn);
            largeFile(environment, plan, report, standIn);
            if (plan.profile()) {
                ForwarderSettings profiled = compared(plan).recordTo(environment.workDir().resolve("backfill.jfr"));
                Scenario.progress("backfill: one more run with JFR, %s", profiled.label());
                EndToEndResult result = EndToEndRuns.forwarderBackfillCounted(environment, standIn, profiled,
                        EndToEndEvents.of(plan, false).raised(), EndToEndRuns.EVENTS_PER_FILE);
                HotFrames.report(report, "forwarder, folder backfill, " + profiled.label() + String.format(
                        Locale.ROOT, ", %.0f events/s under JFR", result.eventsPerSecond()), profiled.recording());
            }
        }
    }

    /** Each configuration of the forwarder beside the baseline and the bare loop. */
    private static void compare(BenchEnvironment environment, BenchPlan plan, Report report, StandInProcess standIn) {
        EndToEndEvents events = EndToEndEvents.of(plan, false);
        List<GeneratedEvent> raised = events.raised();
        Map<String, List<EndToEndResult>> forwarder = new LinkedHashMap<>();
        List<EndToEndResult> baseline = new ArrayList<>();
        List<EndToEndResult> bareLoop = new ArrayList<>();
        ForwarderSettings compared = compared(plan);
        List<Double> toBareLoop = new ArrayList<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            baseline.add(EndToEndRuns.baselineBackfillCounted(environment, standIn, raised));
            Scenario.progress("backfill rep %d baseline: %.0f events/s", rep, last(baseline).eventsPerSecond());
            bareLoop.add(EndToEndRuns.bareLoopBackfillCounted(environment, standIn, raised));
            Scenario.progress("backfill rep %d bare loop: %.0f events/s", rep, last(bareLoop).eventsPerSecond());
            for (ForwarderSettings settings : Configurations.endToEnd(plan)) {
                EndToEndResult result = EndToEndRuns.forwarderBackfillCounted(environment, standIn, settings,
                        events.forSettings(settings), EndToEndRuns.EVENTS_PER_FILE);
                forwarder.computeIfAbsent(Configurations.label(plan, settings), k -> new ArrayList<>())
                        .add(result);
                Scenario.progress("backfill rep %d %s: %.0f events/s, stand-in CPU %.0f%%", rep,
                        settings.label(), result.eventsPerSecond(), 100 * result.standInCpuShare());
                if (settings.equals(compared)) {
                    toBareLoop.add(result.eventsPerSecond() / last(bareLoop).eventsPerSecond());
                }
            }
        }
        double baselineEventsPerSecond = EndToEndTable.median(baseline, EndToEndResult::eventsPerSecond);
        Map<String, List<EndToEndResult>> all = new LinkedHashMap<>(forwarder);
        all.put(BASELINE, baseline);
        all.put(BARE_LOOP, bareLoop);
        Map<String, Double> references = new LinkedHashMap<>();
        references.put("× baseline", baselineEventsPerSecond);
        references.put("× bare loop", EndToEndTable.median(bareLoop, EndToEndResult::eventsPerSecond));
        report.table(EndToEndTable.of("End to end, folder backfill (NDJSON files, " + EndToEndRuns.EVENTS_PER_FILE
                        + " events each, 80% forwardable), at a Segment stand-in that only counts: medians", all,
                        references)
                .note("events/s: forwardable events counted by the stand-in / (last request received − first file "
                        + "appeared). The stand-in runs in its own JVM and only counts each body's messageIds with a "
                        + "byte scan (no parse, no latencies: \"n/a\"), so that it bounds no figure; its CPU share "
                        + "is its CPU time over the run ÷ (the run's time × the machine's cores). The baseline and "
                        + "the bare loop run the larger event set (" + raised.size() + " events) in every "
                        + "comparison; they have no rate limit and no durable store. Baseline settings: "
                        + environment.baseline().describe() + ". Bare loop: one thread, each event Jackson-parsed "
                        + "once, a Track call shaped like the forwarder's, batches of 500 posted asynchronously, "
                        + "nothing on disk."));
        double cpuRatio = EndToEndTable.median(bareLoop, EndToEndResult::cpuMicrosPerEvent)
                / EndToEndTable.median(forwarder.get(Configurations.label(plan, compared)),
                EndToEndResult::cpuMicrosPerEvent);
        report.table(new Table("Folder backfill, the forwarder (" + compared.label() + ") ÷ the bare loop, side by "
                + "side in each repetition", "ratio of events/s", "target", "each repetition", "median", "met?",
                "CPU per event, bare loop ÷ forwarder (medians)")
                .row("forwarder ÷ bare loop", "≥ 0.8×", String.join(", ", toBareLoop.stream().map(Table::ratio)
                        .toList()), Table.ratio(Stats.median(toBareLoop)), Stats.median(toBareLoop) >= 0.8 ? "yes"
                        : "no", Table.ratio(cpuRatio))
                .note("When other work saturates the cores, the bare loop's one thread gets a smaller share of them "
                        + "than the forwarder's threads, and events/s favours the forwarder; CPU per event does not "
                        + "depend on that share."));
    }

    private static ForwarderSettings compared(BenchPlan plan) {
        return ForwarderSettings.of(COMPARED_BATCH_SIZE, plan.raisedRate());
    }

    private static EndToEndResult last(List<EndToEndResult> results) {
        return results.get(results.size() - 1);
    }

    /**
     * One NDJSON file of about 1 GB (200,000 events; 20,000 with --quick) against the same events in files of 100,
     * side by side in each repetition: a file is read as it is forwarded, so its size changes neither the speed nor
     * the memory. Batch size 500 with the rate raised, so that the rate does not pace either.
     */
    private static void largeFile(BenchEnvironment environment, BenchPlan plan, Report report,
            StandInProcess standIn) {
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
                EndToEndResult result = EndToEndRuns.forwarderBackfillCounted(environment, standIn, settings, events,
                        label.equals(oneFile) ? count : EndToEndRuns.EVENTS_PER_FILE);
                runs.computeIfAbsent(label, k -> new ArrayList<>()).add(result);
                Scenario.progress("backfill rep %d %s: %.0f events/s, peak RSS %.0f MB", rep, label,
                        result.eventsPerSecond(), result.peakRssMb());
            }
        }
        report.table(EndToEndTable.of("End to end, one large NDJSON file beside the same events in files of "
                        + EndToEndRuns.EVENTS_PER_FILE + " (" + settings.label().replace(String.valueOf(
                        plan.raisedRate()), String.format(Locale.ROOT, "%,d", plan.raisedRate())) + ", README's "
                        + ForwarderProcess.readmeHeap() + "): medians", runs,
                        Map.of("× files of " + EndToEndRuns.EVENTS_PER_FILE,
                        EndToEndTable.median(runs.get(smallFiles), EndToEndResult::eventsPerSecond)))
                .note("The two take turns, in alternating order, at the counting stand-in. events/s as above; peak "
                        + "RSS is the process's VmHWM over the run."));
    }
}
