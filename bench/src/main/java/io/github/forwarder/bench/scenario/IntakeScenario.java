package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.WrkLoad;
import io.github.forwarder.bench.load.WrkResult;
import io.github.forwarder.bench.process.BareIntakeProcess;
import io.github.forwarder.bench.process.CamelRouteFloorProcess;
import io.github.forwarder.bench.process.DurableBareIntakeProcess;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.process.IntakeUnderTest;
import io.github.forwarder.bench.process.ProcessCpu;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The HTTP intake against a bare Vert.x server that parses the JSON and answers 202 without storing it (target:
 * ≥ 0.3× its requests/s, p99 ≤ 15 ms), both loaded by wrk with the same script in each repetition, in turns.
 * The forwarder runs with the README run command's settings (defaults: batch size 500, rate 200/s, JVM default
 * heap, durable spool), the stand-in as Segment, so it delivers behind the intake as it would in production;
 * and once more with forwarder.spool.sync=true, so the cost of syncing each group of events to disk shows.
 * Also measured there: time to ready, peak RSS under the load, CPU per request, and the CPU share wrk and the
 * harness (with the in-process Segment stand-in) took of the machine, so a figure bounded by the load is seen.
 * Three more servers bound the target: a platform-http route that answers 202 and does nothing else (what one Camel
 * exchange per request costs by itself), the bare server storing each body in group files before its 202 (what
 * the spool's promise costs without Camel), and the two combined, a platform-http route storing each body unread
 * in the same group files: the floor of any intake built as a Camel route with the spool's promise. With
 * --before, the forwarder of another checkout runs too, side by side. A first round of the first server runs before
 * the repetitions and is not counted.
 */
public final class IntakeScenario implements Scenario {

    static final int CONNECTIONS = 32;
    static final int WRK_THREADS = 2;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int DISTINCT_BODIES = 2_000;
    private static final String FORWARDER = "forwarder intake (README settings)";
    /** segment.batch.size's default in application.properties. */
    private static final int DEFAULT_BATCH_SIZE = 500;
    private static final String FORWARDER_SYNC = "forwarder intake, forwarder.spool.sync=true";
    private static final String BARE = "bare Vert.x server (parse, 202, no store)";
    private static final String BARE_QUICK = "bare Vert.x server, the README's JVM options (quick compiler)";
    private static final String DURABLE_BARE = "bare Vert.x server, storing (parse, group files, 202 once stored)";
    private static final String FLOOR = "Camel platform-http route alone (202, no parse, no store)";
    private static final String STORING_FLOOR = "Camel platform-http route storing group files (no parse)";
    private static final String BEFORE = "forwarder intake of --before (README settings)";

    /** One server of the comparison: its row's label, its logs' name, and how it starts. */
    private record Server(String label, String logName, Function<BenchEnvironment, IntakeUnderTest> start) {
    }

    private record IntakeRun(double answeredPerSecond, double p50Ms, double p99Ms, long failed,
            double cpuMicrosPerRequest, double peakRssMb, double readyMs, double wrkCpuShare,
            double harnessCpuShare) {
    }

    @Override
    public String name() {
        return "intake";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        List<GeneratedEvent> bodies = IntStream.range(0, DISTINCT_BODIES).mapToObj(generator::event).toList();
        WrkLoad wrk = WrkLoad.prepare(environment.workDir(), bodies, WRK_THREADS, CONNECTIONS);
        ForwarderSettings settings = ForwarderSettings.of(DEFAULT_BATCH_SIZE, plan.contractRate());
        // the same, with each group of accepted events synced to disk before its 202
        ForwarderSettings synced = settings.withJvmOptions("-Dforwarder.spool.sync=true");
        List<Server> servers = new ArrayList<>(List.of(
                new Server(FORWARDER, "forwarder", e -> ForwarderProcess.start(e, settings)),
                new Server(FORWARDER_SYNC, "forwarder-sync", e -> ForwarderProcess.start(e, synced)),
                new Server(BARE, "bare", BareIntakeProcess::start),
                new Server(BARE_QUICK, "bare-quick", BareIntakeProcess::startWithReadmeOptions),
                new Server(DURABLE_BARE, "durable-bare", DurableBareIntakeProcess::start),
                new Server(FLOOR, "camel-route-floor", CamelRouteFloorProcess::start),
                new Server(STORING_FLOOR, "camel-storing-floor", CamelRouteFloorProcess::startStoring)));
        if (plan.before() != null) {
            servers.add(new Server(BEFORE, "forwarder-before",
                    e -> ForwarderProcess.start(e, settings.from(plan.before()))));
        }
        Map<String, List<IntakeRun>> runs = new LinkedHashMap<>();
        servers.forEach(server -> runs.put(server.label(), new ArrayList<>()));
        // A round of the first server, not counted: the run's first measured window falls while the harness and the
        // stand-in are still new, and it fell on the forwarder, first in every run (its highest p99 came there in
        // four runs in a row, runs W to Z of the journal).
        IntakeRun discarded = measure(environment, plan, wrk, "intake-discarded", servers.get(0).start());
        Scenario.progress("intake, a first round not counted (%s): %.0f requests/s, harness and stand-in %.1f%% of"
                + " the machine", servers.get(0).label(), discarded.answeredPerSecond(), discarded.harnessCpuShare());
        for (int rep = 1; rep <= plan.reps(); rep++) {
            // in turns, so that none always runs first on the shared machine
            int shift = (rep - 1) % servers.size();
            for (int i = 0; i < servers.size(); i++) {
                Server server = servers.get((i + shift) % servers.size());
                IntakeRun run = measure(environment, plan, wrk, "intake-" + server.logName() + "-" + rep,
                        server.start());
                runs.get(server.label()).add(run);
                Scenario.progress("intake rep %d %s: %.0f requests/s, p99 %.1f ms, %.0f CPU µs/request, wrk %.0f%%,"
                        + " harness and stand-in %.1f%% of the machine", rep, server.label(), run.answeredPerSecond(),
                        run.p99Ms(), run.cpuMicrosPerRequest(), run.wrkCpuShare(), run.harnessCpuShare());
            }
        }
        List<IntakeRun> forwarderRuns = runs.get(FORWARDER);
        List<Double> ratios = ratios(runs, FORWARDER, BARE);
        double ratio = Stats.median(ratios);
        double forwarderP99 = median(forwarderRuns, IntakeRun::p99Ms);
        Table table = new Table("HTTP intake vs a bare Vert.x server: wrk, " + CONNECTIONS + " connections, "
                + plan.intakeDuration().toSeconds() + " s after a " + plan.intakeWarmUp().toSeconds()
                + " s warm-up (medians)", "server", "runs", "2xx answers/s", "p50 ms", "p99 ms",
                "other answers and socket errors", "CPU µs / request", "peak RSS MB", "time to ready ms",
                "× bare server", "× Camel storing floor", "wrk CPU % of machine", "harness + stand-in CPU %");
        runs.forEach((server, itsRuns) -> row(table, server, itsRuns, Stats.median(ratios(runs, server, BARE)),
                Stats.median(ratios(runs, server, STORING_FLOOR))));
        report.table(table.note(String.format(Locale.ROOT, "Targets: intake ≥ 0.3× the bare server, measured %s "
                        + "(median of the repetitions' ratios: %s), %s; p99 ≤ 15 ms, measured %.1f ms, %s; "
                        + "against the Camel storing floor: %s; against the bare server under the forwarder's "
                        + "JVM options: %s.",
                Table.ratio(ratio),
                String.join(", ", ratios.stream().map(Table::ratio).toList()),
                ratio >= 0.3 ? "met" : "not met", forwarderP99, forwarderP99 <= 15 ? "met" : "not met",
                Table.ratio(Stats.median(ratios(runs, FORWARDER, STORING_FLOOR))),
                Table.ratio(Stats.median(ratios(runs, FORWARDER, BARE_QUICK)))))
                .note("Load: wrk " + WRK_THREADS + " threads, " + CONNECTIONS + " keep-alive connections (a closed "
                        + "loop), POST /sentry/events cycling through " + DISTINCT_BODIES + " pre-generated ~5 KB "
                        + "events (80% forwardable, 20% answered 202 filtered) with a fresh event id in every "
                        + "request. Forwarder: " + settings.label() + " (the defaults), the README's JVM options, durable "
                        + "spool, delivering to the stand-in behind the intake (not dry-run). Time to ready: process "
                        + "start until /observe/health/ready answers 200 (the bare server: until it answers). CPU "
                        + "µs / request: the server's CPU time over the measured run / requests answered. Peak RSS: "
                        + "VmHWM after the load. wrk, the stand-in and the harness share the same cores. "
                        + FLOOR + ": Camel Main from the forwarder's jar with the README's JVM options (but its "
                        + "class-data archive), one platform-http route that converts the body and answers 202: the "
                        + "least any intake built as one Camel exchange per request costs. " + DURABLE_BARE + ": "
                        + "the bare server's parse, then each body as an NDJSON line, whatever waits written by one "
                        + "thread as one file (temporary name, rename, no sync) and answered 202 once renamed: what "
                        + "an intake without a Camel exchange per request could reach with the spool's promise. "
                        + STORING_FLOOR + ": the route alone plus the same group files (each body unread, 202 once "
                        + "its file is renamed): the least an intake built as a Camel route with the spool's promise "
                        + "costs. " + BARE_QUICK + ": the bare server with the forwarder's heap, collector and "
                        + "quick compiler (-XX:TieredStopAtLevel=1), so what the compiler takes is seen beside "
                        + "what the forwarder's own work takes. CPU %: wrk's and the harness JVM's (the Segment "
                        + "stand-in runs in it) CPU time over the measured run, as a share of all " + CORES
                        + " cores: when they approach what the server under test leaves free, the load, not the "
                        + "server, bounds its figure."));
        if (plan.profile()) {
            Path recording = environment.workDir().resolve("intake.jfr");
            Scenario.progress("intake: one more forwarder run with JFR");
            IntakeRun profiled = measure(environment, plan, wrk, "intake-profiled",
                    e -> ForwarderProcess.start(e, settings.recordTo(recording)));
            HotFrames.report(report, String.format(Locale.ROOT,
                    "forwarder, HTTP intake under wrk, %.0f requests/s under JFR", profiled.answeredPerSecond()),
                    recording);
        }
    }

    private static IntakeRun measure(BenchEnvironment environment, BenchPlan plan, WrkLoad wrk, String name,
            Function<BenchEnvironment, IntakeUnderTest> start) {
        try (IntakeUnderTest server = start.apply(environment)) {
            String url = "http://127.0.0.1:" + server.httpPort() + "/sentry/events";
            wrk.run(url, plan.intakeWarmUp(), environment.logFile(name + "-wrk-warm-up"));
            double cpuBefore = server.cpuSeconds();
            double harnessBefore = ProcessCpu.seconds(ProcessHandle.current().pid());
            WrkResult measured = wrk.run(url, plan.intakeDuration(), environment.logFile(name + "-wrk"));
            double cpuSeconds = server.cpuSeconds() - cpuBefore;
            double harnessSeconds = ProcessCpu.seconds(ProcessHandle.current().pid()) - harnessBefore;
            long answered = measured.requests() - measured.non2xx();
            double machineSeconds = measured.seconds() * CORES / 100;
            return new IntakeRun(measured.answeredPerSecond(), measured.p50Ms(), measured.p99Ms(),
                    measured.non2xx() + measured.socketErrors(), answered > 0 ? cpuSeconds * 1e6 / answered
                    : Double.NaN, server.peakRssMb(), server.startUp().toMillis(),
                    measured.cpuSeconds() / machineSeconds, harnessSeconds / machineSeconds);
        }
    }

    private static void row(Table table, String server, List<IntakeRun> runs, double toBare, double toFloor) {
        table.row(server, runs.size(), median(runs, IntakeRun::answeredPerSecond), median(runs, IntakeRun::p50Ms),
                median(runs, IntakeRun::p99Ms), (long) median(runs, r -> r.failed()),
                median(runs, IntakeRun::cpuMicrosPerRequest), median(runs, IntakeRun::peakRssMb),
                median(runs, IntakeRun::readyMs), Table.ratio(toBare), Table.ratio(toFloor),
                median(runs, IntakeRun::wrkCpuShare), median(runs, IntakeRun::harnessCpuShare));
    }

    /** Each repetition's requests/s of the server over the reference server's in the same repetition. */
    private static List<Double> ratios(Map<String, List<IntakeRun>> runs, String server, String reference) {
        List<IntakeRun> of = runs.get(reference);
        return IntStream.range(0, of.size()).mapToObj(rep -> runs.get(server).get(rep).answeredPerSecond()
                / of.get(rep).answeredPerSecond()).toList();
    }

    private static double median(List<IntakeRun> runs, ToDoubleFunction<IntakeRun> value) {
        return Stats.median(runs.stream().map(value::applyAsDouble).toList());
    }
}
