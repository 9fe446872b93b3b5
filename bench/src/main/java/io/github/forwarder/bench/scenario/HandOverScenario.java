package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.process.BrokerProcess;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import redis.embedded.RedisServer;

/**
 * Three forwarder processes on one Artemis broker (a jms: source) and one Redis, all other settings at their
 * defaults, as SeveralForwardersOnOneBrokerAndRedisIT runs them: a burst of 20×R events posted round-robin, and one
 * forwarder killed with SIGKILL once a quarter reached Segment. The hand-over is the time from the SIGKILL until
 * every event whose claim the killed forwarder held (read from Redis right after the kill) reached Segment; and the
 * survivors' request rate meanwhile, against R.
 */
public final class HandOverScenario implements Scenario {

    private static final int FORWARDERS = 3;
    private static final int RATE = 50;
    private static final int BURST = 20 * RATE;
    private static final String SOURCE = JmsScenario.JMS_SOURCE + "&concurrentConsumers=4";

    private record Run(int accepted, int delivered, int held, double handOverSeconds, double rateDuring,
            double rateOverTheRun, int busiestSecond) {
    }

    @Override
    public String name() {
        return "hand-over";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        List<Run> runs = new ArrayList<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            Run run = measure(environment, plan);
            runs.add(run);
            Scenario.progress("hand-over rep %d: %d events held by the killed forwarder, all at Segment %.1f s after "
                    + "the SIGKILL, %.1f requests/s meanwhile (%.1f over the run); dropped %d", rep, run.held(),
                    run.handOverSeconds(), run.rateDuring(), run.rateOverTheRun(), dropped(run));
        }
        double rateDuring = Stats.median(runs.stream().map(Run::rateDuring).toList());
        double rateOverTheRun = Stats.median(runs.stream().map(Run::rateOverTheRun).toList());
        Table table = new Table("Hand-over: three forwarders on one broker and one Redis, one killed with SIGKILL "
                + "(medians)", "R (forwarder.throttle.rate)", "runs", "events", "held by the killed forwarder",
                "hand-over s (SIGKILL until they reached Segment)", "hand-over s (each run)",
                "requests/s during the hand-over", "share of R", "requests/s over the run (middle)",
                "during the hand-over / over the run", "most in any 1 s (all runs)", "dropped (all runs)");
        table.row(RATE, runs.size(), BURST, Stats.median(runs.stream().map(r -> (double) r.held()).toList()),
                Stats.median(runs.stream().map(Run::handOverSeconds).toList()),
                String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.handOverSeconds()))
                        .toList()),
                rateDuring, String.format(Locale.ROOT, "%.0f%%", 100 * rateDuring / RATE), rateOverTheRun,
                Table.ratio(rateDuring / rateOverTheRun), runs.stream().mapToInt(Run::busiestSecond).max().orElse(0),
                runs.stream().mapToInt(HandOverScenario::dropped).sum());
        report.table(table.note("forwarder.source=" + SOURCE + " on an Artemis broker in its own JVM, "
                + "forwarder.redis.url on a redis-server on loopback, segment.batch.size=1, the default heartbeat "
                + "(forwarder.redis.heartbeatMs 2000, heartbeatExpiryMs 10000). Each forwarder first delivers a few "
                + "events of its own, not counted. \"Held\": the event ids whose claim holds the killed forwarder's id "
                + "in Redis right after the kill; the hand-over ends when the last of them reached Segment. \"Over the run\": the "
                + "middle of all arrivals, as the throttle table, side by side with the rate during the hand-over."));
    }

    private static Run measure(BenchEnvironment environment, BenchPlan plan) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        int redisPort = FreePort.find();
        RedisServer redis = SharedThrottleScenario.startRedis(redisPort);
        List<ForwarderProcess> forwarders = new ArrayList<>();
        List<HttpPoster> posters = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(environment)) {
            ForwarderSettings settings = ForwarderSettings.of(1, RATE).source(SOURCE).withJvmOptions(
                    "-Dforwarder.jms.brokerUrl=" + broker.url(), "-Dforwarder.redis.url=redis://127.0.0.1:" + redisPort);
            for (int i = 0; i < FORWARDERS; i++) {
                forwarders.add(ForwarderProcess.start(environment, settings));
                posters.add(new HttpPoster(EndToEndRuns.HTTP_CLIENTS / FORWARDERS));
            }
            warmUp(received, forwarders, posters, generator);
            List<CompletableFuture<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < FORWARDERS; i++) {
                int forwarder = i;
                int port = forwarders.get(i).httpPort();
                posts.add(CompletableFuture.supplyAsync(() -> posters.get(forwarder).postEach(port, "/sentry/events",
                        BURST / FORWARDERS, n -> generator.forwardableEvent(FORWARDERS * n + forwarder).json(),
                        Duration.ofMinutes(5)).acceptedCount()));
            }
            while (received.distinctMessages() < BURST / 4) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            ForwarderProcess killed = forwarders.get(FORWARDERS - 1);
            killed.kill();
            long killedAt = System.nanoTime();
            Set<String> held = claimedBy(redisPort, killed.ownerId());
            int accepted = posts.stream().mapToInt(CompletableFuture::join).sum();
            DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(60), Duration.ofSeconds(3L * BURST / RATE + 120));
            // an event posted to the killed forwarder as it died can be delivered without its 202 counted: the count
            // may be reached before the last held event arrived
            long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!held.stream().allMatch(id -> received.arrivalOf("sentry-" + id) != null)
                    && System.nanoTime() < giveUp) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            long handedOver = held.stream().map(id -> received.arrivalOf("sentry-" + id)).filter(at -> at != null)
                    .mapToLong(Long::longValue).max().orElse(killedAt);
            boolean allArrived = held.stream().allMatch(id -> received.arrivalOf("sentry-" + id) != null);
            long[] arrivals = received.requestArrivals();
            double seconds = Math.max(handedOver - killedAt, 1) / 1e9;
            long during = LongStream.of(arrivals).filter(at -> at >= killedAt && at < handedOver).count();
            return new Run(accepted, received.distinctMessages(), held.size(),
                    allArrived ? seconds : Double.NaN, during / seconds, SteadyRate.middle(arrivals),
                    SteadyRate.busiestSecond(arrivals));
        } finally {
            posters.forEach(HttpPoster::close);
            forwarders.forEach(ForwarderProcess::close);
            try {
                redis.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Accepted events that never reached Segment (an event delivered without its 202 counted is not negative). */
    private static int dropped(Run run) {
        return Math.max(0, run.accepted() - run.delivered());
    }

    /** A few events through each forwarder, delivered and then forgotten by the count. */
    private static void warmUp(ReceivedMessages received, List<ForwarderProcess> forwarders, List<HttpPoster> posters,
            SentryEventGenerator generator) {
        int accepted = 0;
        for (int i = 0; i < forwarders.size(); i++) {
            int first = 1_000_000 * (i + 1);
            accepted += posters.get(i).postEach(forwarders.get(i).httpPort(), "/sentry/events", 5,
                    n -> generator.forwardableEvent(first + n).json(), Duration.ofMinutes(1)).acceptedCount();
        }
        DeliveryWait.awaitAll(received, accepted, Duration.ofSeconds(30), Duration.ofMinutes(2));
        received.clear();
    }

    /** The event ids whose claim holds this owner id (the keys sentry-forwarder:event:id). */
    private static Set<String> claimedBy(int redisPort, String owner) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            Set<String> held = new HashSet<>();
            for (String key : connection.sync().keys("sentry-forwarder:event:*")) {
                if (owner.equals(connection.sync().get(key))) {
                    held.add(key.substring("sentry-forwarder:event:".length()));
                }
            }
            return held;
        } finally {
            client.shutdown();
        }
    }
}
