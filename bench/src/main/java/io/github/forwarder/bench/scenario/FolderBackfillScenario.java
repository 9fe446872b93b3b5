package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.sentry.GeneratedEvent;
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
        if (plan.profile()) {
            ForwarderSettings profiled = ForwarderSettings.of(1, plan.raisedRate())
                    .recordTo(environment.workDir().resolve("backfill.jfr"));
            Scenario.progress("backfill: one more run with JFR, %s", profiled.label());
            EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, profiled, raised);
            HotFrames.report(report, "forwarder, folder backfill, " + profiled.label() + String.format(
                    Locale.ROOT, ", %.0f events/s under JFR", result.eventsPerSecond()), profiled.recording());
        }
    }
}
