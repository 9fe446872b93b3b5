package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.process.StandInProcess;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The throttle's accuracy: at each rate R, 10×R forwardable events queued two ways (a burst through the HTTP
 * intake, which the forwarder accepts while it already sends; and a backlog waiting in a folder, which it only
 * has to send), and the request rate in steady state and in the busiest sliding second, against R. Nothing
 * accepted may be dropped.
 * Both ends are counted: the stand-in's arrival times, in a JVM of its own so that the harness's posting does not
 * delay its stamps, and the moments the forwarder's rate step let each request leave (its TRACE send-time line).
 */
public final class ThrottleScenario implements Scenario {

    /** How the 10×R events wait for the throttle. */
    private enum Queue {
        INTAKE_BURST("posted to the intake by " + EndToEndRuns.HTTP_CLIENTS + " clients"),
        QUEUED_BACKLOG("queued in a folder before the run (forwarder.source=file:)");

        final String label;

        Queue(String label) {
            this.label = label;
        }
    }

    private record ThrottleRun(int burst, int accepted, int delivered, double achievedRate, double afterIntakeRate,
            int busiestSecond, double sentRate, int busiestSentSecond, double longestWayMs) {
    }

    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        Table table = new Table("Throttle accuracy: " + plan.burstFactor() + "×R events, through the intake or "
                + "queued (medians)", "R (forwarder.throttle.rate)", "events", "runs", "burst",
                "achieved requests/s at the stand-in", "error vs R",
                "achieved once the intake took the burst", "most in any 1 s at the stand-in (all runs)",
                "sent requests/s by the forwarder", "most sent in any 1 s (all runs)",
                "longest way from send to arrival, ms (all runs)", "accepted", "delivered", "dropped (all runs)");
        try (StandInProcess standIn = StandInProcess.start(environment)) {
            for (int rate : plan.throttleRates()) {
                for (Queue queue : Queue.values()) {
                    List<ThrottleRun> runs = new ArrayList<>();
                    for (int rep = 1; rep <= plan.reps(); rep++) {
                        ThrottleRun run = measure(environment, plan, standIn, rate, queue, rep);
                        runs.add(run);
                        Scenario.progress("throttle %d/s %s rep %d: %.1f requests/s (%.1f once the intake took the "
                                        + "burst), most in 1 s %d at the stand-in, %d sent by the forwarder; longest "
                                        + "way %.1f ms; dropped %d", rate,
                                queue, rep, run.achievedRate(), run.afterIntakeRate(), run.busiestSecond(), run.busiestSentSecond(),
                                run.longestWayMs(), run.accepted() - run.delivered());
                    }
                    double achieved = Stats.median(runs.stream().map(ThrottleRun::achievedRate).toList());
                    int dropped = runs.stream().mapToInt(r -> r.accepted() - r.delivered()).sum();
                    table.row(rate, queue.label, runs.size(), runs.get(0).burst(), achieved,
                            String.format(Locale.ROOT, "%+.1f%%", 100 * (achieved - rate) / rate),
                            queue == Queue.INTAKE_BURST
                                    ? Stats.median(runs.stream().map(ThrottleRun::afterIntakeRate).toList()) : "-",
                            runs.stream().mapToInt(ThrottleRun::busiestSecond).max().orElse(0),
                            Stats.median(runs.stream().map(ThrottleRun::sentRate).toList()),
                            runs.stream().mapToInt(ThrottleRun::busiestSentSecond).max().orElse(0),
                            runs.stream().mapToDouble(ThrottleRun::longestWayMs).max().orElse(Double.NaN),
                            (int) Stats.median(runs.stream().map(r -> (double) r.accepted()).toList()),
                            (int) Stats.median(runs.stream().map(r -> (double) r.delivered()).toList()), dropped);
                }
            }
        }
        report.table(table.note("Achieved rate: requests received in a whole number of seconds centred on the "
                + "run (the middle ~60% of it), divided by those seconds. Once the intake took the burst: the whole seconds from the last post's answer to "
                + "the last arrival, when the forwarder only sends (the load generator shares the 2 cores while it "
                + "posts). Most in any 1 s: the largest count in a "
                + "sliding one-second window. At the stand-in: arrival times stamped (System.nanoTime) as each "
                + "request's headers are read, by a stand-in running in its own JVM. Sent by the forwarder: the "
                + "moments its rate step (SegmentRateLimit) let each request leave, from its TRACE send-time "
                + "log line (-Dlog4j2.level.sendTimes=TRACE). Longest way: the largest arrival − send time of the "
                + "n-th request sent and the n-th arrived (one clock, CLOCK_MONOTONIC, for both processes); each "
                + "run's pairs are in throttle-<R>-<queue>-<rep>.tsv in the run's folder. Batch size 1, so one request "
                + "per event. Through the intake, the forwarder accepts the burst (about 1 ms of CPU per post) while "
                + "it sends, on the same 2 cores; queued, the events wait in " + EndToEndRuns.EVENTS_PER_FILE
                + "-event NDJSON files moved into its input folder at start, as a backlog waits after an outage. "
                + "Dropped = accepted (202 \"accepted\", or queued) − distinct messageIds delivered."));
    }

    private static ThrottleRun measure(BenchEnvironment environment, BenchPlan plan, StandInProcess standIn,
            int rate, Queue queue, int rep) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        standIn.clear();
        int burst = plan.burstFactor() * rate;
        int accepted;
        long intakeDone = Long.MIN_VALUE;
        ForwarderSettings settings = ForwarderSettings.of(1, rate).withJvmOptions(ForwarderSettings.SEND_TIMES);
        Path staging = environment.newFolder("throttle-staged-");
        Path input = environment.newFolder("throttle-backlog-");
        ForwarderProcess forwarder = ForwarderProcess.start(environment, queue == Queue.QUEUED_BACKLOG
                ? settings.source(EndToEndRuns.backfillSource(input)) : settings,
                standIn.baseUrl());
        try {
            if (queue == Queue.QUEUED_BACKLOG) {
                List<GeneratedEvent> events = IntStream.range(0, burst).mapToObj(generator::forwardableEvent).toList();
                BackfillFolder.stage(staging, events, EndToEndRuns.EVENTS_PER_FILE).handTo(input);
                accepted = burst;
            } else {
                try (HttpPoster poster = new HttpPoster(EndToEndRuns.HTTP_CLIENTS)) {
                    PostResults posted = poster.postEach(forwarder.httpPort(), "/sentry/events", burst,
                            i -> generator.forwardableEvent(i).json(), Duration.ofMinutes(5));
                    accepted = posted.acceptedCount();
                    intakeDone = posted.lastAnsweredNanos();
                }
            }
            DeliveryWait.awaitAll(standIn, accepted, Duration.ofSeconds(30),
                    Duration.ofSeconds(3L * burst / rate + 120));
        } finally {
            forwarder.close();
            environment.delete(input);
            environment.delete(staging);
        }
        long[] arrivals = standIn.requestArrivals();
        long[] sent = forwarder.sendTimes();
        String pairs = "throttle-" + rate + "-" + queue.name().toLowerCase(Locale.ROOT) + "-" + rep + ".tsv";
        return new ThrottleRun(burst, accepted, standIn.distinctMessages(), SteadyRate.middle(arrivals),
                intakeDone == Long.MIN_VALUE ? Double.NaN : SteadyRate.after(arrivals, intakeDone),
                SteadyRate.busiestSecond(arrivals), SteadyRate.middle(sent), SteadyRate.busiestSecond(sent),
                longestWay(environment.workDir().resolve(pairs), sent, arrivals));
    }

    /**
     * The largest arrival − send of the n-th request sent and the n-th arrived, in ms, with every pair written to
     * the file: where a second got squeezed, on the forwarder's side or on the way and at the stand-in.
     */
    private static double longestWay(Path pairs, long[] sent, long[] arrivals) {
        int n = Math.min(sent.length, arrivals.length);
        double longest = Double.NaN;
        StringBuilder text = new StringBuilder("sent_ns\tarrived_ns\tway_ms\n");
        for (int i = 0; i < n; i++) {
            double wayMs = (arrivals[i] - sent[i]) / 1e6;
            longest = Double.isNaN(longest) ? wayMs : Math.max(longest, wayMs);
            text.append(sent[i]).append('\t').append(arrivals[i]).append('\t')
                    .append(String.format(Locale.ROOT, "%.3f", wayMs)).append('\n');
        }
        try {
            Files.writeString(pairs, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return longest;
    }
}
