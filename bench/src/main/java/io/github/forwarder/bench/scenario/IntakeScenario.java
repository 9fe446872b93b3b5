package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.profile.HotFrames;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP intake alone under concurrent load for a fixed time: requests/s answered 202 and their latency.
 * The forwarder runs as deployed (default rate 200/s, the stand-in as Segment, durable spool), so the intake
 * shares the CPU with a delivery running at its rate behind it; what the intake takes beyond that stays spooled.
 */
public final class IntakeScenario implements Scenario {

    static final int CLIENTS = 32;

    private record IntakeRun(double requestsPerSecond, double p50Ms, double p99Ms, int other, double peakRssMb) {
    }

    @Override
    public String name() {
        return "intake";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        ForwarderSettings settings = ForwarderSettings.of(1, plan.contractRate());
        List<IntakeRun> runs = new ArrayList<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            runs.add(measure(environment, plan, settings));
            Scenario.progress("intake rep %d: %.0f requests/s, p99 %.1f ms", rep, runs.get(runs.size() - 1)
                    .requestsPerSecond(), runs.get(runs.size() - 1).p99Ms());
        }
        Table table = new Table("HTTP intake alone: " + CLIENTS + " concurrent clients for "
                + plan.intakeDuration().toSeconds() + " s after a " + plan.intakeWarmUp().toSeconds()
                + " s warm-up (medians)", "runs", "202 answers/s", "p50 ms", "p99 ms", "other answers",
                "peak RSS MB");
        table.row(runs.size(), median(runs, IntakeRun::requestsPerSecond), median(runs, IntakeRun::p50Ms),
                median(runs, IntakeRun::p99Ms), (int) median(runs, r -> r.other()), median(runs, IntakeRun::peakRssMb));
        report.table(table.note("POST /sentry/events with distinct ~5 KB events (80% accepted and spooled, 20% "
                + "answered 202 filtered), forwarder " + settings.label() + " delivering to the stand-in (not "
                + "dry-run). Load generator: closed loop, one Vert.x event loop, in the harness JVM on the same two "
                + "cores."));
        if (plan.profile()) {
            Path recording = environment.workDir().resolve("intake.jfr");
            Scenario.progress("intake: one more run with JFR");
            IntakeRun profiled = measure(environment, plan, settings.recordTo(recording));
            HotFrames.report(report, String.format(Locale.ROOT,
                    "forwarder, HTTP intake under load, %.0f requests/s under JFR", profiled.requestsPerSecond()),
                    recording);
        }
    }

    private static IntakeRun measure(BenchEnvironment environment, BenchPlan plan, ForwarderSettings settings) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        try (ForwarderProcess forwarder = ForwarderProcess.start(environment, settings);
                HttpPoster poster = new HttpPoster(CLIENTS)) {
            poster.postFor(forwarder.httpPort(), "/sentry/events", plan.intakeWarmUp(),
                    i -> generator.event(1_000_000_000L + i).json());
            PostResults measured = poster.postFor(forwarder.httpPort(), "/sentry/events", plan.intakeDuration(),
                    i -> generator.event(i).json());
            long[] answered = measured.latenciesWithStatus(202);
            return new IntakeRun(answered.length / measured.elapsedSeconds(), Stats.percentileMs(answered, 0.5),
                    Stats.percentileMs(answered, 0.99), measured.count() - answered.length, forwarder.peakRssMb());
        }
    }

    private static double median(List<IntakeRun> runs, ToDoubleFunction<IntakeRun> value) {
        return Stats.median(runs.stream().map(value::applyAsDouble).toList());
    }
}
