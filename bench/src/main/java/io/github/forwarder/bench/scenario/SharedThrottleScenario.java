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
import java.util.stream.LongStream;
import redis.embedded.RedisServer;

/**
 * The rate shared by two forwarder processes on one Redis (forwarder.redis.url): at each rate R, a burst of
 * 10×R forwardable events, half posted to each forwarder at once, and the request rate the stand-in sees from both
 * together, against R. Nothing accepted may be dropped. Each forwarder first delivers a few events of its own (not
 * counted), so a cold start is not measured as the rate. The rate is given twice: over the middle of all arrivals
 * (as the throttle table), and over the middle of those after the last post was answered, when the backlog is all
 * that is left and the intake no longer takes the CPU.
 */
public final class SharedThrottleScenario implements Scenario {

    private record Run(int burst, int accepted, int delivered, double achievedRate, double backlogRate,
            int busiestSecond, int busiestSentSecond) {
    }

    /** Events each forwarder delivers before the burst, to load its classes and open its connections. */
    private static final int WARM_UP_EVENTS = 10;

    @Override
    public String name() {
        return "shared-throttle";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        Table table = new Table("Shared throttle: two forwarders on one Redis, a burst of " + plan.burstFactor()
                + "×R events split between them (medians)", "R (forwarder.throttle.rate)", "runs", "burst",
                "achieved requests/s, both together", "error vs R",
                "after the last post (backlog only)", "most in any 1 s (all runs)",
                "most sent in any 1 s by both (all runs)", "accepted",
                "delivered", "dropped (all runs)");
        for (int rate : plan.sharedThrottleRates()) {
            List<Run> runs = new ArrayList<>();
            for (int rep = 1; rep <= plan.reps(); rep++) {
                Run run = measure(environment, plan, rate);
                runs.add(run);
                Scenario.progress("shared throttle %d/s rep %d: %.1f requests/s (%.1f after the last post), busiest "
                        + "second %d (sent: %d), dropped %d", rate, rep, run.achievedRate(), run.backlogRate(),
                        run.busiestSecond(), run.busiestSentSecond(), run.accepted() - run.delivered());
            }
            double achieved = Stats.median(runs.stream().map(Run::achievedRate).toList());
            table.row(rate, runs.size(), runs.get(0).burst(), achieved,
                    String.format(Locale.ROOT, "%+.1f%%", 100 * (achieved - rate) / rate),
                    Stats.median(runs.stream().map(Run::backlogRate).toList()),
                    runs.stream().mapToInt(Run::busiestSecond).max().orElse(0),
                    runs.stream().mapToInt(Run::busiestSentSecond).max().orElse(0),
                    (int) Stats.median(runs.stream().map(r -> (double) r.accepted()).toList()),
                    (int) Stats.median(runs.stream().map(r -> (double) r.delivered()).toList()),
                    runs.stream().mapToInt(r -> r.accepted() - r.delivered()).sum());
        }
        report.table(table.note("As the throttle table, with two packaged forwarders sharing one redis-server "
                + "(the binary of the embedded-redis jar, on loopback, no persistence): both keep their own spool; "
                + "the rate's departure log is in Redis. Batch size 1. Each forwarder first "
                + "delivers " + WARM_UP_EVENTS + " events of its own, not counted. \"After the last post\": the "
                + "middle of the arrivals once every post was answered, when only the backlog is left. \"Most sent\": when the shared rate step "
                + "let each request leave, from both forwarders' logs (-Dlog4j2.level.sendTimes=TRACE)."));
    }

    private static Run measure(BenchEnvironment environment, BenchPlan plan, int rate) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        int burst = plan.burstFactor() * rate;
        int port = FreePort.find();
        RedisServer redis = startRedis(port);
        ForwarderSettings settings = ForwarderSettings.of(1, rate)
                .withJvmOptions("-Dforwarder.redis.url=redis://127.0.0.1:" + port, ForwarderSettings.SEND_TIMES);
        ForwarderProcess a = null;
        ForwarderProcess b = null;
        try (HttpPoster toA = new HttpPoster(EndToEndRuns.HTTP_CLIENTS / 2);
                HttpPoster toB = new HttpPoster(EndToEndRuns.HTTP_CLIENTS / 2)) {
            a = ForwarderProcess.start(environment, settings);
            b = ForwarderProcess.start(environment, settings);
            int aPort = a.httpPort();
            int bPort = b.httpPort();
            warmUp(received, a, b, generator, toA, toB);
            long warm = System.nanoTime();
            // even events to one, odd to the other: distinct ids, posted at the same time
            CompletableFuture<PostResults> postedToA = CompletableFuture.supplyAsync(() -> toA.postEach(aPort,
                    "/sentry/events", burst / 2, i -> generator.forwardableEvent(2 * i).json(), Duration.ofMinutes(5)));
            CompletableFuture<PostResults> postedToB = CompletableFuture.supplyAsync(() -> toB.postEach(bPort,
                    "/sentry/events", burst / 2, i -> generator.forwardableEvent(2 * i + 1).json(),
                    Duration.ofMinutes(5)));
            int accepted = postedToA.join().acceptedCount() + postedToB.join().acceptedCount();
            long lastPostAnswered = System.nanoTime();
            DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(30),
                    Duration.ofSeconds(3L * burst / rate + 120));
            long[] arrivals = received.requestArrivals();
            // their logs are complete once they stopped
            a.close();
            b.close();
            long[] sent = LongStream.concat(LongStream.of(a.sharedSendTimes()), LongStream.of(b.sharedSendTimes()))
                    .filter(at -> at > warm).sorted().toArray();
            a = null;
            b = null;
            return new Run(burst, accepted, received.distinctMessages(), SteadyRate.middle(arrivals),
                    SteadyRate.middle(LongStream.of(arrivals).filter(at -> at > lastPostAnswered).toArray()),
                    SteadyRate.busiestSecond(arrivals), SteadyRate.busiestSecond(sent));
        } finally {
            for (ForwarderProcess forwarder : new ForwarderProcess[] {a, b}) {
                if (forwarder != null) {
                    forwarder.close();
                }
            }
            try {
                redis.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A few events through each forwarder, delivered and then forgotten by the count. */
    private static void warmUp(ReceivedMessages received, ForwarderProcess a, ForwarderProcess b,
            SentryEventGenerator generator, HttpPoster toA, HttpPoster toB) {
        int accepted = toA.postEach(a.httpPort(), "/sentry/events", WARM_UP_EVENTS,
                i -> generator.forwardableEvent(1_000_000 + i).json(), Duration.ofMinutes(1)).acceptedCount()
                + toB.postEach(b.httpPort(), "/sentry/events", WARM_UP_EVENTS,
                        i -> generator.forwardableEvent(2_000_000 + i).json(), Duration.ofMinutes(1)).acceptedCount();
        DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(30), Duration.ofMinutes(2));
        received.clear();
    }

    static RedisServer startRedis(int port) {
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
