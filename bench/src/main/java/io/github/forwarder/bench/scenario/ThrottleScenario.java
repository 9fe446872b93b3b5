package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throttle's accuracy: at each rate R, a burst of 10×R forwardable events through the HTTP intake, and
 * the request rate the stand-in sees in steady state, against R. Nothing accepted may be dropped.
 */
public final class ThrottleScenario implements Scenario {

    private record ThrottleRun(int burst, int accepted, int delivered, double achievedRate, int busiestSecond) {
    }

    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        Table table = new Table("Throttle accuracy: a burst of " + plan.burstFactor() + "×R events through the "
                + "intake (medians)", "R (forwarder.throttle.rate)", "runs", "burst", "achieved requests/s",
                "error vs R", "most in any 1 s (all runs)", "accepted", "delivered", "dropped (all runs)");
        for (int rate : plan.throttleRates()) {
            List<ThrottleRun> runs = new ArrayList<>();
            for (int rep = 1; rep <= plan.reps(); rep++) {
                ThrottleRun run = measure(environment, plan, rate);
                runs.add(run);
                Scenario.progress("throttle %d/s rep %d: %.1f requests/s, dropped %d", rate, rep, run.achievedRate(),
                        run.accepted() - run.delivered());
            }
            double achieved = Stats.median(runs.stream().map(ThrottleRun::achievedRate).toList());
            int dropped = runs.stream().mapToInt(r -> r.accepted() - r.delivered()).sum();
            table.row(rate, runs.size(), runs.get(0).burst(), achieved,
                    String.format(Locale.ROOT, "%+.1f%%", 100 * (achieved - rate) / rate),
                    runs.stream().mapToInt(ThrottleRun::busiestSecond).max().orElse(0),
                    (int) Stats.median(runs.stream().map(r -> (double) r.accepted()).toList()),
                    (int) Stats.median(runs.stream().map(r -> (double) r.delivered()).toList()), dropped);
        }
        report.table(table.note("Achieved rate: requests the stand-in received in a whole number of seconds "
                + "centred on the run (the middle ~60% of it), divided by those seconds. Most in any 1 s: the "
                + "largest count in a sliding one-second window of arrival times at the stand-in. Batch size 1, so "
                + "one request per event. Dropped = accepted (202 \"accepted\") − distinct messageIds delivered."));
    }

    private static ThrottleRun measure(BenchEnvironment environment, BenchPlan plan, int rate) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        int burst = plan.burstFactor() * rate;
        try (ForwarderProcess forwarder = ForwarderProcess.start(environment, ForwarderSettings.of(1, rate));
                HttpPoster poster = new HttpPoster(EndToEndRuns.HTTP_CLIENTS)) {
            PostResults posted = poster.postEach(forwarder.httpPort(), "/sentry/events", burst,
                    i -> generator.forwardableEvent(i).json(), Duration.ofMinutes(5));
            int accepted = posted.acceptedCount();
            DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(30),
                    Duration.ofSeconds(3L * burst / rate + 120));
            long[] arrivals = received.requestArrivals();
            return new ThrottleRun(burst, accepted, received.distinctMessages(), SteadyRate.middle(arrivals),
                    SteadyRate.busiestSecond(arrivals));
        }
    }
}
