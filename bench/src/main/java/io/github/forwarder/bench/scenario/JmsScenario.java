package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.WrkLoad;
import io.github.forwarder.bench.load.WrkResult;
import io.github.forwarder.bench.process.BrokerProcess;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
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
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * A jms: source (issue 12, "JMS at speed") against the default spool, side by side in each repetition: the HTTP
 * intake under wrk (32 connections, as the intake scenario) and end to end (HTTP posts to Segment, as the e2e
 * scenario's HTTP run). The jms forwarder hands each accepted event to a queue on an ActiveMQ Artemis broker in its
 * own JVM (persistent, TCP on loopback, a fresh journal per run) and consumes that queue. The targets are the
 * default store's: intake p99 ≤ 50 ms, peak RSS ≤ 512 MB, and the ratio to the default spool.
 */
public final class JmsScenario implements Scenario {

    /** The README's form of a jms: source: transacted, so a message is removed only once its events are done. */
    static final String JMS_SOURCE = "jms:queue:sentry-events?transacted=true";
    private static final int DISTINCT_BODIES = 2_000;
    private static final String SPOOL = "default spool (README settings)";
    private static final String SPOOL_SYNC = "spool, forwarder.spool.sync=true";
    private static final String JMS = "jms source, Artemis broker";

    /**
     * One run: what the forwarder did, and what the broker did for it (NaN without a broker). alone*: one client
     * posting one request after the other, the latency of a single post (the "80 to 140 ms").
     */
    private record Run(double perSecond, double p50Ms, double p99Ms, long failed, double cpuMicros,
            double brokerCpuMicros, double peakRssMb, double brokerPeakRssMb, double readyMs, String delivered,
            double aloneP50Ms, double aloneP99Ms) {
    }

    @Override
    public String name() {
        return "jms";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        List<GeneratedEvent> bodies = IntStream.range(0, DISTINCT_BODIES).mapToObj(generator::event).toList();
        WrkLoad wrk = WrkLoad.prepare(environment.workDir(), bodies, IntakeScenario.WRK_THREADS,
                IntakeScenario.CONNECTIONS);
        WrkLoad oneClient = WrkLoad.prepare(environment.newFolder("wrk-one-client-"), bodies, 1, 1);
        ForwarderSettings intake = ForwarderSettings.of(1, plan.contractRate());
        Map<String, List<Run>> intakeRuns = runs(SPOOL, SPOOL_SYNC, JMS);
        List<String> order = new ArrayList<>(intakeRuns.keySet());
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (String contender : order) {
                ForwarderSettings settings = contender.equals(SPOOL_SYNC)
                        ? intake.withJvmOptions("-Dforwarder.spool.sync=true") : intake;
                Run run = measureIntake(environment, plan, wrk, oneClient, "jms-intake-" + contender.split(" ")[0]
                        + "-" + rep, settings, contender.equals(JMS), null);
                intakeRuns.get(contender).add(run);
                Scenario.progress("jms rep %d intake, %s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms", rep, contender,
                        run.perSecond(), run.p50Ms(), run.p99Ms());
            }
            order.add(order.remove(0)); // in turns, so that none always runs first on the shared machine
        }
        report.table(intakeTable(plan, intakeRuns, intake));

        List<GeneratedEvent> events = IntStream.range(0, plan.batchEndToEndEvents()).mapToObj(generator::event)
                .toList();
        ForwarderSettings batch = ForwarderSettings.of(BatchEndToEndScenario.BATCH_SIZE, plan.contractRate());
        Map<String, List<Run>> endToEndRuns = runs(SPOOL, JMS);
        order = new ArrayList<>(endToEndRuns.keySet());
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (String contender : order) {
                Run run = measureEndToEnd(environment, batch, events, contender.equals(JMS));
                endToEndRuns.get(contender).add(run);
                Scenario.progress("jms rep %d end to end, %s: %.0f events/s, p99 %.0f ms (%s delivered)", rep,
                        contender, run.perSecond(), run.p99Ms(), run.delivered());
            }
            order.add(order.remove(0));
        }
        report.table(endToEndTable(events.size(), endToEndRuns, batch));

        if (plan.profile()) {
            Path recording = environment.workDir().resolve("jms-intake.jfr");
            Scenario.progress("jms: one more jms intake run with JFR");
            Run profiled = measureIntake(environment, plan, wrk, null, "jms-intake-profiled", intake, true,
                    recording);
            HotFrames.report(report, String.format(Locale.ROOT, "forwarder with a jms source, HTTP intake under "
                    + "wrk, %.0f requests/s under JFR", profiled.perSecond()), recording);
        }
    }

    private static Map<String, List<Run>> runs(String... contenders) {
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (String contender : contenders) {
            runs.put(contender, new ArrayList<>());
        }
        return runs;
    }

    /** The forwarder's settings on a broker: the jms source, and the broker's URL. */
    private static ForwarderSettings onBroker(ForwarderSettings settings, BrokerProcess broker) {
        List<String> options = new ArrayList<>(settings.jvmOptions());
        options.add("-Dforwarder.jms.brokerUrl=" + broker.url());
        return settings.source(JMS_SOURCE).withJvmOptions(options.toArray(String[]::new));
    }

    /** wrk against the intake after a warm-up, as IntakeScenario measures it; a broker started first for jms. */
    private static Run measureIntake(BenchEnvironment environment, BenchPlan plan, WrkLoad wrk, WrkLoad oneClient,
            String name, ForwarderSettings settings, boolean jms, Path recording) {
        try (BrokerProcess broker = jms ? BrokerProcess.start(environment) : null;
                ForwarderProcess forwarder = ForwarderProcess.start(environment, recorded(
                        jms ? onBroker(settings, broker) : settings, recording))) {
            String url = "http://127.0.0.1:" + forwarder.httpPort() + "/sentry/events";
            wrk.run(url, plan.intakeWarmUp(), environment.logFile(name + "-wrk-warm-up"));
            double cpuBefore = forwarder.cpuSeconds();
            double brokerCpuBefore = jms ? broker.cpuSeconds() : Double.NaN;
            WrkResult measured = wrk.run(url, plan.intakeDuration(), environment.logFile(name + "-wrk"));
            double cpuSeconds = forwarder.cpuSeconds() - cpuBefore;
            double brokerCpuSeconds = jms ? broker.cpuSeconds() - brokerCpuBefore : Double.NaN;
            long answered = measured.requests() - measured.non2xx();
            // then one client alone: the latency of a single post (the loaded run's backlog may still be delivering)
            WrkResult alone = oneClient == null ? null : oneClient.run(url, plan.intakeDuration(),
                    environment.logFile(name + "-wrk-one-client"));
            return new Run(measured.answeredPerSecond(), measured.p50Ms(), measured.p99Ms(),
                    measured.non2xx() + measured.socketErrors(), cpuSeconds * 1e6 / answered,
                    brokerCpuSeconds * 1e6 / answered, forwarder.peakRssMb(),
                    jms ? broker.peakRssMb() : Double.NaN, forwarder.startUp().toMillis(), "",
                    alone == null ? Double.NaN : alone.p50Ms(), alone == null ? Double.NaN : alone.p99Ms());
        }
    }

    private static ForwarderSettings recorded(ForwarderSettings settings, Path recording) {
        return recording == null ? settings : settings.recordTo(recording);
    }

    /** EndToEndRuns' HTTP run (16 clients post every event once; measured at the stand-in), on a broker for jms. */
    private static Run measureEndToEnd(BenchEnvironment environment, ForwarderSettings settings,
            List<GeneratedEvent> events, boolean jms) {
        if (!jms) {
            return endToEnd(EndToEndRuns.forwarderHttp(environment, settings, events), Double.NaN, Double.NaN);
        }
        try (BrokerProcess broker = BrokerProcess.start(environment)) {
            double brokerCpuBefore = broker.cpuSeconds();
            EndToEndResult result = EndToEndRuns.forwarderHttp(environment, onBroker(settings, broker), events);
            // over the whole run, the forwarder's start and stop included: an upper bound of the broker's share
            return endToEnd(result, (broker.cpuSeconds() - brokerCpuBefore) * 1e6 / events.size(),
                    broker.peakRssMb());
        }
    }

    private static Run endToEnd(EndToEndResult result, double brokerCpuMicros, double brokerPeakRssMb) {
        return new Run(result.eventsPerSecond(), result.p50Ms(), result.p99Ms(), result.expected() - result.delivered(),
                result.cpuMicrosPerEvent(), brokerCpuMicros, result.peakRssMb(), brokerPeakRssMb, result.startUpMs(),
                result.delivered() + " / " + result.expected(), Double.NaN, Double.NaN);
    }

    private static Table intakeTable(BenchPlan plan, Map<String, List<Run>> runs, ForwarderSettings settings) {
        Table table = new Table("jms source vs the default spool, HTTP intake: wrk, " + IntakeScenario.CONNECTIONS
                + " connections, " + plan.intakeDuration().toSeconds() + " s after a " + plan.intakeWarmUp().toSeconds()
                + " s warm-up (medians)", "store behind the intake", "runs", "2xx answers/s", "p50 ms", "p99 ms",
                "other answers and socket errors", "forwarder CPU µs / request", "broker CPU µs / request",
                "forwarder peak RSS MB", "broker peak RSS MB", "time to ready ms", "× default spool",
                "one client alone: p50 ms", "one client alone: p99 ms");
        List<Double> ratios = ratios(runs, JMS, SPOOL);
        runs.forEach((contender, results) -> table.row(contender, results.size(), median(results, Run::perSecond),
                median(results, Run::p50Ms), median(results, Run::p99Ms), (long) median(results, r -> r.failed()),
                median(results, Run::cpuMicros), median(results, Run::brokerCpuMicros),
                median(results, Run::peakRssMb), median(results, Run::brokerPeakRssMb), median(results, Run::readyMs),
                Table.ratio(Stats.median(ratios(runs, contender, SPOOL))), median(results, Run::aloneP50Ms),
                median(results, Run::aloneP99Ms)));
        double p99 = median(runs.get(JMS), Run::p99Ms);
        double rss = median(runs.get(JMS), Run::peakRssMb);
        return table.note(String.format(Locale.ROOT, "Targets for the jms source (the default store's): intake p99 "
                        + "≤ 50 ms, measured %.1f ms, %s; forwarder peak RSS ≤ 512 MB, measured %.0f MB, %s; 2xx "
                        + "answers/s against the default spool: %s (each repetition: %s).", p99,
                p99 <= 50 ? "met" : "not met", rss, rss <= 512 ? "met" : "not met", Table.ratio(Stats.median(ratios)),
                String.join(", ", ratios.stream().map(Table::ratio).toList())))
                .note("Each forwarder: " + settings.label() + " (the defaults), the README's JVM options, delivering "
                        + "to the stand-in behind the intake. jms: forwarder.source=" + JMS_SOURCE
                        + ", forwarder.jms.brokerUrl=tcp://127.0.0.1:<port>: each 202 follows a persistent send "
                        + "the broker acknowledged. The broker: ActiveMQ Artemis (artemis-server, the forwarder's "
                        + "client version) in its own JVM with default settings, persistence on (journal synced to "
                        + "disk before it acknowledges a durable send), a fresh journal per run. The default spool "
                        + "writes to the page cache; forwarder.spool.sync=true syncs each group to disk before its "
                        + "202, the same promise as the broker's journal. Load: wrk as in the intake scenario. One client alone: "
                        + "then wrk with 1 connection for as long, one post after the other (the latency of a single "
                        + "post, with the delivery of the loaded run's backlog still behind it).");
    }

    private static Table endToEndTable(int events, Map<String, List<Run>> runs, ForwarderSettings settings) {
        Table table = new Table("jms source vs the default spool, end to end: " + events + " events posted by "
                + EndToEndRuns.HTTP_CLIENTS + " HTTP clients, 80% forwardable (medians)", "store between intake "
                + "and delivery", "runs", "delivered / expected (first run)", "events/s", "p50 latency ms",
                "p99 latency ms", "forwarder CPU µs / event", "broker CPU µs / event", "forwarder peak RSS MB",
                "broker peak RSS MB", "× default spool");
        runs.forEach((contender, results) -> table.row(contender, results.size(), results.get(0).delivered(),
                median(results, Run::perSecond), median(results, Run::p50Ms), median(results, Run::p99Ms),
                median(results, Run::cpuMicros), median(results, Run::brokerCpuMicros),
                median(results, Run::peakRssMb), median(results, Run::brokerPeakRssMb),
                Table.ratio(Stats.median(ratios(runs, contender, SPOOL)))));
        return table.note("Forwarder: " + settings.label() + " (batch mode, as the e2e scenario), durability on. "
                + "events/s: forwardable events received by the stand-in / (last received − first POST sent). "
                + "Latency: POST sent → its message received by the stand-in. Broker CPU: over the whole run, the "
                + "forwarder's start and stop included.");
    }

    /** measured ÷ reference within each repetition. */
    private static List<Double> ratios(Map<String, List<Run>> runs, String measured, String reference) {
        List<Double> ratios = new ArrayList<>();
        for (int rep = 0; rep < runs.get(measured).size(); rep++) {
            ratios.add(runs.get(measured).get(rep).perSecond() / runs.get(reference).get(rep).perSecond());
        }
        return ratios;
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        return Stats.median(runs.stream().map(value::applyAsDouble).toList());
    }
}
