package io.github.forwarder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two forwarders on one real Redis (forwarder.redis.url) and one Segment stand-in behave as one: an event posted to
 * both at the same moment reaches Segment once, their requests together keep forwarder.throttle.rate in any sliding
 * second, and while Redis is down their events wait (nothing lost, nothing dead-lettered) and readiness says why.
 */
class SeveralForwardersShareOneRedisTest {

    private static final String PASSWORD = "redis-pw-7c1e9a3b5d";

    @Test
    void anEventPostedToBothAtTheSameMomentIsDeliveredOnce() throws Exception {
        int events = 30;
        try (RealRedis redis = RealRedis.start(PASSWORD); SegmentStandIn segment = new SegmentStandIn();
                CapturedLogs logs = new CapturedLogs();
                // the password in the URL for one, from the setting (FORWARDER_REDIS_PASSWORD) for the other
                RunningForwarder a = RunningForwarder.with().segment(segment)
                        .property("forwarder.redis.url", redis.url().replace("//", "//:" + PASSWORD + "@")).start();
                RunningForwarder b = RunningForwarder.with().segment(segment)
                        .property("forwarder.redis.url", redis.url()).property("forwarder.redis.password", PASSWORD)
                        .start()) {
            ExecutorService posters = Executors.newFixedThreadPool(2);
            // each copy first answers slowly, so the other copy arrives while it is in flight
            segment.answerNext(IntStream.range(0, events).mapToObj(i -> new SegmentStandIn.Answer(200, "{}",
                    Map.of(), 200)).toArray(SegmentStandIn.Answer[]::new));
            for (int n = 0; n < events; n++) {
                byte[] event = SentryEvents.forwardable(n);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Integer> toA = CompletableFuture.supplyAsync(() -> postAt(together, a, event), posters);
                CompletableFuture<Integer> toB = CompletableFuture.supplyAsync(() -> postAt(together, b, event), posters);
                assertThat(List.of(toA.join(), toB.join())).containsOnly(202);
            }
            posters.shutdown();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.filesIn("spool").isEmpty() && b.filesIn("spool").isEmpty());

            assertThat(segment.deliveredMessageIds()).hasSize(events).doesNotHaveDuplicates();
            assertThat(a.filesIn("dead-letter")).isEmpty();
            assertThat(b.filesIn("dead-letter")).isEmpty();
            assertThat(metric(a, "forwarder_events_filtered_total\\{reason=\"duplicate\"")
                    + metric(b, "forwarder_events_filtered_total\\{reason=\"duplicate\"")).isEqualTo(events);
            assertThat(logs.text()).contains("Redis redis://127.0.0.1:").contains("(password set)")
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void aRepeatWaitsForTheClaimOfAForwarderThatDiedInsteadOfBeingDropped() throws Exception {
        String eventId = SentryEvents.eventId(7);
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder survivor = RunningForwarder.with().segment(segment).fastRetries(-1)
                        .property("forwarder.redis.url", redis.url()).start()) {
            // the claim a forwarder left when it was killed with this event in flight (its JMS message comes back
            // to another forwarder), and its last heartbeat: it expires after forwarder.redis.heartbeatExpiryMs (10 s)
            RedisClient client = RedisClient.create(redis.url());
            Instant killedAt = Instant.now();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("sentry-forwarder:event:" + eventId, "a-forwarder-that-died");
                connection.sync().set("sentry-forwarder:alive:a-forwarder-that-died", "alive", SetArgs.Builder.px(10_000));
            } finally {
                client.shutdown();
            }

            assertThat(survivor.post(SentryEvents.forwardable(7)).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().contains("sentry-" + eventId));
            assertThat(segment.deliveredMessageIds()).containsExactly("sentry-" + eventId);
            // not before the dead forwarder's heartbeat expired, and soon after
            assertThat(Duration.between(killedAt, segment.received().get(0).at()))
                    .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
            assertThat(survivor.filesIn("dead-letter")).isEmpty();
            assertThat(metric(survivor, "forwarder_events_filtered_total\\{reason=\"duplicate\"")).isZero();
        }
    }

    @Test
    void aForwarderWhoseSegmentCallsFailLongerThanItsHeartbeatsExpiryKeepsItsClaims() {
        String messageId = "sentry-" + SentryEvents.eventId(11);
        try (RealRedis redis = RealRedis.start(); SegmentStandIn failing = new SegmentStandIn();
                SegmentStandIn healthy = new SegmentStandIn();
                RunningForwarder a = RunningForwarder.with().segment(failing).property("forwarder.redis.url", redis.url())
                        .start();
                RunningForwarder b = RunningForwarder.with().segment(healthy).property("forwarder.redis.url", redis.url())
                        .start()) {
            failing.failEverything(SegmentStandIn.Answer.status(503));
            assertThat(a.post(SentryEvents.forwardable(11)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> !failing.received().isEmpty());
            assertThat(b.post(SentryEvents.forwardable(11)).statusCode()).isEqualTo(202);

            // a's call is retried through an outage half again as long as forwarder.redis.heartbeatExpiryMs (10 s):
            // its claim holds all along, so b's copy waits instead of going out
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> healthy.received().isEmpty());
            failing.recover();

            await().atMost(Duration.ofSeconds(120)).until(() -> failing.deliveredMessageIds().contains(messageId)
                    && b.filesIn("spool").isEmpty());
            assertThat(failing.deliveredMessageIds()).containsExactly(messageId);
            assertThat(healthy.received()).as("b's copy, a duplicate once a delivered it").isEmpty();
            assertThat(metric(b, "forwarder_events_filtered_total\\{reason=\"duplicate\"")).isEqualTo(1);
            assertThat(a.filesIn("dead-letter")).isEmpty();
            assertThat(b.filesIn("dead-letter")).isEmpty();
        }
    }

    @Test
    void togetherTheyNeverExceedTheRateInAnySecond() {
        int rate = 20;
        int eachBacklog = 60;
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder a = sharing(redis, segment, rate); RunningForwarder b = sharing(redis, segment, rate)) {
            warmUp(segment, a, b);
            Arrivals arrivals = backlogThroughBoth(segment, a, b, eachBacklog);
            assertThat(arrivals.busiestSecond().count()).as("busiest second %s; shortest span of %d requests %s",
                    arrivals.busiestSecond(), rate + 1, arrivals.shortestSpanOf(rate + 1)).isLessThanOrEqualTo(rate);
            // the rate once both backlogs move: from the 10th request on
            double achieved = arrivals.perSecondSince(arrivals.nth(10));
            System.out.printf("two forwarders on one Redis, rate %d: %.1f requests/s together (%.1f%%), busiest "
                    + "second %d%n", rate, achieved, 100 * achieved / rate, arrivals.busiestSecond().count());
            // How close to the rate is the benchmark's figure; here it only has to move for both.
            assertThat(achieved).isGreaterThan(rate / 2.0);
            assertThat(segment.deliveredMessageIds()).hasSize(2 + 2 * eachBacklog).doesNotHaveDuplicates();
            assertThat(metric(a, "forwarder_throttle_waits_total") + metric(b, "forwarder_throttle_waits_total"))
                    .as("requests that waited for the shared rate").isPositive();
        }
    }

    @Test
    void afterAPauseTheirFirstRequestsTogetherStillKeepTheRate() {
        int rate = 20;
        int eachBacklog = 20;
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder a = sharing(redis, segment, rate); RunningForwarder b = sharing(redis, segment, rate)) {
            warmUp(segment, a, b);
            Instant warmedUp = segment.received().get(1).at();
            // a pause longer than the shared window: the next requests are the first after a pause, and the first
            // of each forwarder are slower on their way than those behind them
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(warmedUp.plusMillis(1200)));
            Arrivals arrivals = backlogThroughBoth(segment, a, b, eachBacklog);

            assertThat(arrivals.busiestSecond().count()).as("busiest second %s; shortest span of %d requests %s",
                    arrivals.busiestSecond(), rate + 1, arrivals.shortestSpanOf(rate + 1)).isLessThanOrEqualTo(rate);
        }
    }

    /** As an operator sets it over JMX on one forwarder: the other's requests keep it too. */
    @Test
    void aRateSetOnOneForwarderHoldsForTheOther() {
        int events = 6;
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder a = sharing(redis, segment, 20); RunningForwarder b = sharing(redis, segment, 20)) {
            warmUp(segment, a, b);
            a.context().getRegistry().lookupByNameAndType("segmentRateLimit", SegmentRateLimit.class).setRate(2);
            Arrivals arrivals = backlogThroughBoth(segment, b, b, events / 2);

            assertThat(arrivals.count()).isEqualTo(events);
            assertThat(arrivals.busiestSecond().count()).as("busiest second %s", arrivals.busiestSecond())
                    .isLessThanOrEqualTo(2);
        }
    }

    @Test
    void whileRedisIsDownEventsWaitAndReadinessSaysWhy() {
        int rate = 20;
        int eachEvents = 40;
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder a = sharing(redis, segment, rate); RunningForwarder b = sharing(redis, segment, rate)) {
            warmUp(segment, a, b);
            for (int n = 0; n < eachEvents; n++) {
                a.post(SentryEvents.forwardable(n));
                b.post(SentryEvents.forwardable(1000 + n));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() >= 12);

            redis.stop();
            for (RunningForwarder forwarder : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.management("/observe/health/ready")
                        .statusCode() == 503);
                assertThat(forwarder.management("/observe/health/ready?exposureLevel=full").body())
                        .contains("redis-reachable").contains("is unreachable");
            }
            int deliveredWhileDown = segment.deliveredMessageIds().size();
            // new events are still accepted (the intake needs no Redis); their batches cannot claim them and wait
            for (int n = eachEvents; n < eachEvents + 5; n++) {
                assertThat(a.post(SentryEvents.forwardable(n)).statusCode()).isEqualTo(202);
            }
            // Events wait: none dead-lettered, none dropped from the spools, for a few seconds of outage.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    a.filesIn("dead-letter").isEmpty() && b.filesIn("dead-letter").isEmpty());
            assertThat(a.filesIn("spool").size() + b.filesIn("spool").size()).isPositive();
            assertThat(metric(a, "forwarder_redis_errors_total")).isPositive();

            redis.restart();
            for (RunningForwarder forwarder : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.management("/observe/health/ready")
                        .statusCode() == 200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> a.filesIn("spool").isEmpty()
                    && b.filesIn("spool").isEmpty());

            List<String> delivered = segment.deliveredMessageIds();
            Set<String> expected = new HashSet<>();
            for (int n = 0; n < eachEvents + 5; n++) {
                expected.add("sentry-" + SentryEvents.eventId(n));
                if (n < eachEvents) {
                    expected.add("sentry-" + SentryEvents.eventId(1000 + n));
                }
            }
            assertThat(new HashSet<>(delivered)).containsAll(expected);
            System.out.printf("Redis down and back: %d events, %d delivered before the outage was seen, %d messages "
                    + "sent again (same messageId)%n", 2 * eachEvents + 5, deliveredWhileDown,
                    delivered.size() - new HashSet<>(delivered).size());
            assertThat(a.filesIn("dead-letter")).isEmpty();
            assertThat(b.filesIn("dead-letter")).isEmpty();
        }
    }

    /** One request per event (not the default batches): the shared rate then paces each event, as measured here. */
    private static RunningForwarder sharing(RealRedis redis, SegmentStandIn segment, int rate) {
        return RunningForwarder.with().segment(segment).property("forwarder.redis.url", redis.url())
                .property("segment.batch.size", 1).property("forwarder.throttle.rate", rate).start();
    }

    /** Posts a backlog to each forwarder; answers the arrivals of its requests at Segment once all arrived. */
    private static Arrivals backlogThroughBoth(SegmentStandIn segment, RunningForwarder a, RunningForwarder b,
            int eachBacklog) {
        int before = segment.received().size();
        Instant backlogged = Instant.now();
        for (int n = 0; n < eachBacklog; n++) {
            assertThat(a.post(SentryEvents.forwardable(n)).statusCode()).isEqualTo(202);
            assertThat(b.post(SentryEvents.forwardable(1000 + n)).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> segment.received().size() == before + 2 * eachBacklog);
        return Arrivals.of(segment.received().stream().filter(r -> r.at().isAfter(backlogged)).toList());
    }

    /** One event through each before the measured ones: a fresh forwarder's first request can take a while. */
    private static void warmUp(SegmentStandIn segment, RunningForwarder a, RunningForwarder b) {
        a.post(SentryEvents.forwardable(9998));
        b.post(SentryEvents.forwardable(9999));
        await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 2);
    }

    private static int postAt(CyclicBarrier together, RunningForwarder forwarder, byte[] event) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return forwarder.post(event).statusCode();
    }

    /** The value of the first series on /observe/metrics whose line starts with this pattern. */
    private static double metric(RunningForwarder forwarder, String series) {
        Matcher value = Pattern.compile("(?m)^" + series + "[^\\n]* ([0-9.eE+-]+)$")
                .matcher(forwarder.management("/observe/metrics").body());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
