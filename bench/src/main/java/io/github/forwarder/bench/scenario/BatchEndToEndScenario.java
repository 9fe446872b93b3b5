package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The "batch-first core" targets end to end: the forwarder in batch mode with durability on, fed a NDJSON
 * backfill and fed through its HTTP intake, against the tuned analytics-java baseline (target ≥ 5×) and against
 * the bare no-durability loop (target ≥ 0.7×). All four take the same events to the same stand-in in every
 * repetition, in an order that rotates, and the ratios are taken within each repetition.
 */
public final class BatchEndToEndScenario implements Scenario {

    static final int BATCH_SIZE = 500;
    private static final String BACKFILL = "forwarder, NDJSON backfill, batch size " + BATCH_SIZE;
    private static final String HTTP = "forwarder, HTTP intake (" + EndToEndRuns.HTTP_CLIENTS + " clients), batch size "
            + BATCH_SIZE;
    private static final String BASELINE = "baseline: analytics-java 3.5.4, tuned";
    private static final String BARE_LOOP = "bare loop: no durability, batches of " + BATCH_SIZE;
    private static final String DURABLE_BARE_HTTP = "bare storing server + bare loop, HTTP intake ("
            + EndToEndRuns.HTTP_CLIENTS + " clients)";

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        List<GeneratedEvent> events = IntStream.range(0, plan.batchEndToEndEvents()).mapToObj(generator::event)
                .toList();
        ForwarderSettings forwarder = ForwarderSettings.of(BATCH_SIZE, plan.contractRate());
        Map<String, Supplier<EndToEndResult>> contenders = new LinkedHashMap<>();
        contenders.put(BACKFILL, () -> EndToEndRuns.forwarderBackfill(environment, forwarder, events));
        contenders.put(HTTP, () -> EndToEndRuns.forwarderHttp(environment, forwarder, events));
        contenders.put(BASELINE, () -> EndToEndRuns.baselineBackfill(environment, events));
        contenders.put(BARE_LOOP, () -> EndToEndRuns.bareLoopBackfill(environment, events));
        contenders.put(DURABLE_BARE_HTTP, () -> EndToEndRuns.durableBareHttp(environment, events));
        List<String> order = new ArrayList<>(contenders.keySet());
        Map<String, List<EndToEndResult>> runs = new LinkedHashMap<>();
        contenders.keySet().forEach(name -> runs.put(name, new ArrayList<>()));
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (String name : order) {
                EndToEndResult result = contenders.get(name).get();
                runs.get(name).add(result);
                Scenario.progress("e2e rep %d %s: %.0f events/s, %.0f CPU µs/event", rep, name,
                        result.eventsPerSecond(), result.cpuMicrosPerEvent());
            }
            order.add(order.remove(0));
        }
        Map<String, Double> references = new LinkedHashMap<>();
        references.put("× baseline", EndToEndTable.median(runs.get(BASELINE), EndToEndResult::eventsPerSecond));
        references.put("× bare loop", EndToEndTable.median(runs.get(BARE_LOOP), EndToEndResult::eventsPerSecond));
        report.table(EndToEndTable.of("Batch-first targets, end to end (" + events.size() + " events, 80% "
                + "forwardable, the same for all): medians", runs, references)
                .note("Forwarder: durability on (the backfill file is kept until its events are delivered, HTTP "
                        + "events are spooled), segment.batch.size=" + BATCH_SIZE + ", the default rate ("
                        + plan.contractRate() + " requests/s), forwarder.source=file:<folder> for the backfill. "
                        + "Baseline: " + environment.baseline().describe() + ". Bare loop: one thread, each event "
                        + "Jackson-parsed once, a Track call shaped like the forwarder's, batches of " + BATCH_SIZE
                        + " posted asynchronously with java.net.http, nothing on disk. The baseline and the bare "
                        + "loop read the same NDJSON files as the backfill (" + EndToEndRuns.EVENTS_PER_FILE
                        + " events each). Bare storing server + bare loop: the intake's promise without Camel, the "
                        + "bare Vert.x server's parse, each event in a group file (temporary name, rename) before "
                        + "its 202, and the bare loop in the same JVM reading and deleting those files: what any "
                        + "forwarder that stores before answering could reach through HTTP here. events/s: "
                        + "forwardable events received / (last received − first handed "
                        + "over). CPU µs / event: the process's CPU time (/proc/<pid>/stat) from just before the "
                        + "first hand-over to the last delivery, divided by the input events."));
        report.table(ratios(runs));
        if (plan.profile()) {
            ForwarderSettings profiled = forwarder.recordTo(environment.workDir().resolve("e2e-backfill.jfr"));
            Scenario.progress("e2e: one more backfill run with JFR, %s", profiled.label());
            EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, profiled, events);
            HotFrames.report(report, "forwarder, NDJSON backfill, " + profiled.label() + String.format(Locale.ROOT,
                    ", %.0f events/s under JFR", result.eventsPerSecond()), profiled.recording());
            ForwarderSettings profiledHttp = forwarder.recordTo(environment.workDir().resolve("e2e-http.jfr"));
            Scenario.progress("e2e: one more HTTP intake run with JFR, %s", profiledHttp.label());
            EndToEndResult httpResult = EndToEndRuns.forwarderHttp(environment, profiledHttp, events);
            HotFrames.report(report, "forwarder, HTTP intake, " + profiledHttp.label() + String.format(Locale.ROOT,
                    ", %.0f events/s under JFR", httpResult.eventsPerSecond()), profiledHttp.recording());
        }
    }

    /** Each target's ratio within each repetition, and their median. */
    private static Table ratios(Map<String, List<EndToEndResult>> runs) {
        Table table = new Table("Batch-first targets, ratios taken side by side in each repetition",
                "ratio of events/s", "target", "each repetition", "median", "met?",
                "CPU per event, reference ÷ forwarder (median)");
        for (String forwarder : List.of(BACKFILL, HTTP)) {
            ratioRow(table, runs, forwarder, BASELINE, 5.0);
            ratioRow(table, runs, forwarder, BARE_LOOP, 0.7);
        }
        // whether anything that stores before its 202 could meet the HTTP target here
        ratioRow(table, runs, DURABLE_BARE_HTTP, BARE_LOOP, 0.7);
        return table.note("The last column is the same comparison by CPU cost: when the cores are saturated (the "
                + "machine is shared), events/s follows 1 / CPU per event, and that ratio depends less on what "
                + "else runs than events/s does.");
    }

    private static void ratioRow(Table table, Map<String, List<EndToEndResult>> runs, String measured,
            String reference, double target) {
        List<Double> ratios = new ArrayList<>();
        for (int rep = 0; rep < runs.get(measured).size(); rep++) {
            ratios.add(runs.get(measured).get(rep).eventsPerSecond() / runs.get(reference).get(rep).eventsPerSecond());
        }
        double median = Stats.median(ratios);
        double cpuRatio = EndToEndTable.median(runs.get(reference), EndToEndResult::cpuMicrosPerEvent)
                / EndToEndTable.median(runs.get(measured), EndToEndResult::cpuMicrosPerEvent);
        table.row(measured.replace("forwarder, ", "") + " ÷ " + reference.replaceAll(":.*", ""),
                String.format(Locale.ROOT, "≥ %.1f×", target),
                String.join(", ", ratios.stream().map(Table::ratio).toList()),
                Table.ratio(median), median >= target ? "yes" : "no",
                Table.ratio(cpuRatio));
    }
}
