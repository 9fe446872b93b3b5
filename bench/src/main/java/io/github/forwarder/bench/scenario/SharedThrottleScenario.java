package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import redis.embedded.RedisServer;

/**
 * The rate shared by two forwarder processes on one Redis (forwarder.redis.url): at each rate R, a burst of
 * 10×R forwardable events, half posted to each forwarder at once, and the request rate the stand-in sees from both
 * together, against R. Nothing accepted may be dropped.
 */
public final class SharedThrottleScenario implements Scenario {

    private record Run(int burst, int accepted, int delivered, double achievedRate, int busiestSecond) {
    }

    @Override
    public String name() {
        return "shared-throttle";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        Table table = new Table("Shared throttle: two forwarders on one Redis, a burst of " + plan.burstFactor()
                + "×R events split between them (medians)", "R (forwarder.throttle.rate)", "runs", "burst",
                "achieved requests/s, both together", "error vs R", "most in any 1 s (all runs)", "accepted",
                "delivered", "dropped (all runs)");
        for (int rate : plan.sharedThrottleRates()) {
            List<Run> runs = new ArrayList<>();
            for (int rep = 1; rep <= plan.reps(); rep++) {
                Run run = measure(environment, plan, rate);
                runs.add(run);
                Scenario.progress("shared throttle %d/s rep %d: %.1f requests/s, busiest second %d, dropped %d",
                        rate, rep, run.achievedRate(), run.busiestSecond(), run.accepted() - run.delivered());
            }
            double achieved = Stats.median(runs.stream().map(Run::achievedRate).toList());
            table.row(rate, runs.size(), runs.get(0).burst(), achieved,
                    String.format(Locale.ROOT, "%+.1f%%", 100 * (achieved - rate) / rate),
                    runs.stream().mapToInt(Run::busiestSecond).max().orElse(0),
                    (int) Stats.median(runs.stream().map(r -> (double) r.accepted()).toList()),
                    (int) Stats.median(runs.stream().map(r -> (double) r.delivered()).toList()),
                    runs.stream().mapToInt(r -> r.accepted() - r.delivered()).sum());
        }
        report.table(table.note("As the throttle table, with two packaged forwarders sharing one redis-server "
                + "(the binary of the embedded-redis jar, on loopback, no persistence): both keep their own spool; "
                + "the rate's bucket and the wire's turns are in Redis. Batch size 1."));
    }

    private static Run measure(BenchEnvironment environment, BenchPlan plan, int rate) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        int burst = plan.burstFactor() * rate;
        int port = FreePort.find();
        RedisServer redis = startRedis(port);
        ForwarderSettings settings = ForwarderSettings.of(1, rate)
                .withJvmOptions("-Dforwarder.redis.url=redis://127.0.0.1:" + port);
        try (ForwarderProcess a = ForwarderProcess.start(environment, settings);
                ForwarderProcess b = ForwarderProcess.start(environment, settings);
                HttpPoster toA = new HttpPoster(EndToEndRuns.HTTP_CLIENTS / 2);
                HttpPoster toB = new HttpPoster(EndToEndRuns.HTTP_CLIENTS / 2)) {
            // even events to one, odd to the other: distinct ids, posted at the same time
            CompletableFuture<PostResults> postedToA = CompletableFuture.supplyAsync(() -> toA.postEach(a.httpPort(),
                    "/sentry/events", burst / 2, i -> generator.forwardableEvent(2 * i).json(), Duration.ofMinutes(5)));
            CompletableFuture<PostResults> postedToB = CompletableFuture.supplyAsync(() -> toB.postEach(b.httpPort(),
                    "/sentry/events", burst / 2, i -> generator.forwardableEvent(2 * i + 1).json(),
                    Duration.ofMinutes(5)));
            int accepted = postedToA.join().acceptedCount() + postedToB.join().acceptedCount();
            DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(30),
                    Duration.ofSeconds(3L * burst / rate + 120));
            long[] arrivals = received.requestArrivals();
            return new Run(burst, accepted, received.distinctMessages(), SteadyRate.middle(arrivals),
                    SteadyRate.busiestSecond(arrivals));
        } finally {
            try {
                redis.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static RedisServer startRedis(int port) {
        try {
            RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
