package io.github.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.InvalidSettingsException;
import io.github.forwarder.redis.RedisConnection;
import io.github.forwarder.support.RealRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claims of forwarders that share a real Redis: each id is won once, whoever asks and however at once; a claim
 * lives as long as its forwarder's heartbeat.
 */
class RedisDeliveryClaimsTest {

    private static final Duration KEPT = Duration.ofDays(7);
    /** The defaults of forwarder.redis.heartbeatMs and forwarder.redis.heartbeatExpiryMs. */
    private static final Duration BEAT = Duration.ofSeconds(2);
    private static final Duration EXPIRY = Duration.ofSeconds(10);

    private RealRedis server;
    private final List<RedisConnection> connections = new ArrayList<>();
    private final List<ForwarderHeartbeat> heartbeats = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        server = RealRedis.start();
    }

    @AfterEach
    void stopRedis() {
        heartbeats.forEach(ForwarderHeartbeat::stop);
        connections.forEach(RedisConnection::stop);
        server.close();
    }

    @Test
    void twoForwardersClaimingTheSameIdsAtOnceWinEachIdOnce() throws Exception {
        RedisDeliveryClaims a = claims("forwarder-a");
        RedisDeliveryClaims b = claims("forwarder-b");
        List<String> ids = IntStream.range(0, 500).mapToObj(i -> "event-" + i).toList();
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Set<String>> wonByA = CompletableFuture.supplyAsync(() -> claimAt(together, a, ids));
        CompletableFuture<Set<String>> wonByB = CompletableFuture.supplyAsync(() -> claimAt(together, b, ids));

        Set<String> byA = wonByA.get();
        Set<String> byB = wonByB.get();
        Set<String> wonByBoth = new HashSet<>(byA);
        wonByBoth.retainAll(byB);
        assertThat(wonByBoth).isEmpty();
        assertThat(byA.size() + byB.size()).isEqualTo(ids.size());
    }

    @Test
    void aDeliveredIdIsADuplicateEverywhereAndAReleasedOneIsFreeAgain() {
        RedisDeliveryClaims a = claims("forwarder-a");
        RedisDeliveryClaims b = claims("forwarder-b");
        assertThat(a.tryClaim("delivered")).isTrue();
        assertThat(a.tryClaim("failed")).isTrue();
        assertThat(a.tryClaim("delivered")).as("a second copy in the same forwarder").isFalse();
        assertThat(b.tryClaim("failed")).as("in flight at a").isFalse();

        a.settleDelivered(List.of("delivered"));
        a.settle("failed", false);
        b.settle("failed", false); // not b's claim: releases nothing
        assertThat(a.tryClaim("delivered")).isFalse();
        assertThat(b.tryClaim("delivered")).isFalse();
        assertThat(b.tryClaim("failed")).as("released by a, tried again by b").isTrue();

        a.forget("delivered");
        assertThat(b.tryClaim("delivered")).as("forgotten for a replay").isTrue();
    }

    @Test
    void aRestartedForwarderTakesBackItsOwnClaimsOnly() {
        RedisDeliveryClaims beforeTheCrash = claims("forwarder-a");
        assertThat(beforeTheCrash.tryClaim(List.of("in-flight", "in-flight"))).containsExactly("in-flight");

        RedisDeliveryClaims restarted = claims("forwarder-a");
        RedisDeliveryClaims other = claims("forwarder-b");
        assertThat(other.tryClaim("in-flight")).isFalse();
        assertThat(restarted.tryClaim("in-flight")).as("its spool still holds the event").isTrue();
    }

    @Test
    void whileRedisIsDownClaimingFailsAndNothingIsClaimed() {
        RedisDeliveryClaims a = claims("forwarder-a");
        server.stop();
        assertThatThrownBy(() -> a.tryClaim(List.of("waiting"))).isInstanceOf(RuntimeException.class);
        assertThat(connections.get(0).errors()).isPositive();
        assertThat(connections.get(0).whyUnreachable()).contains("is unreachable");

        server.restart();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                connections.get(0).whyUnreachable() == null);
        assertThat(a.tryClaim("waiting")).isTrue();
    }

    @Test
    void aDeadForwardersClaimsAreFreeOnceItsHeartbeatExpired() {
        // a forwarder that claimed and then never beat again: killed right after claiming
        ForwarderHeartbeat neverBeats = new ForwarderHeartbeat(redis(), "forwarder-killed", BEAT, EXPIRY);
        RedisDeliveryClaims killed = new RedisDeliveryClaims(connections.get(0), "event", "forwarder-killed",
                neverBeats, KEPT);
        RedisDeliveryClaims survivor = claims("forwarder-b");
        assertThat(killed.tryClaim("in-flight")).isTrue();
        long claimedAt = System.nanoTime();
        assertThat(survivor.tryClaim("in-flight")).isFalse();
        assertThat(survivor.heldElsewhere(List.of("in-flight"))).containsExactly("in-flight");

        await().atMost(EXPIRY.plusSeconds(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> survivor.tryClaim("in-flight"));
        Duration freeAfter = Duration.ofNanos(System.nanoTime() - claimedAt);
        System.out.printf("a dead forwarder's claim was free %d ms after it was taken (expiry %d ms)%n",
                freeAfter.toMillis(), EXPIRY.toMillis());
        assertThat(freeAfter).isGreaterThanOrEqualTo(EXPIRY.minusMillis(500));
        assertThat(killed.heldElsewhere(List.of("in-flight"))).as("now the survivor's").containsExactly("in-flight");
    }

    @Test
    void aLivingForwarderKeepsItsClaimsLongAfterItsHeartbeatWouldHaveExpiredAndFreesThemWhenItStops() {
        // its Segment call waits: nothing renews the claim but the heartbeat, here 5 times faster than the default
        ForwarderHeartbeat heartbeat = new ForwarderHeartbeat(redis(), "forwarder-a", BEAT.dividedBy(5),
                EXPIRY.dividedBy(5));
        heartbeat.start();
        heartbeats.add(heartbeat);
        RedisDeliveryClaims a = new RedisDeliveryClaims(connections.get(0), "event", "forwarder-a", heartbeat, KEPT);
        RedisDeliveryClaims b = claims("forwarder-b");
        assertThat(a.tryClaim("waiting-call")).isTrue();

        await().during(EXPIRY.dividedBy(5).multipliedBy(3)).atMost(EXPIRY).pollInterval(Duration.ofMillis(250))
                .until(() -> !b.tryClaim("waiting-call") && b.heldElsewhere(List.of("waiting-call")).size() == 1);

        heartbeat.stop();
        assertThat(b.tryClaim("waiting-call")).as("a stopped forwarder's claims are free at once").isTrue();
    }

    @Test
    void aDeliveryRememberedWhileRedisRefusedWritesIsWrittenAfterTheNextHeartbeat() {
        RedisDeliveryClaims a = claims("forwarder-a");
        RedisDeliveryClaims b = claims("forwarder-b");
        assertThat(a.tryClaim("delivered-meanwhile")).isTrue();
        RedisClient admin = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            // Redis refuses every write (it waits for a replica it does not have), as when it does not answer
            connection.sync().configSet("min-replicas-to-write", "1");
            a.settleDelivered(List.of("delivered-meanwhile"));
            connection.sync().configSet("min-replicas-to-write", "0");
        } finally {
            admin.shutdown();
        }
        assertThat(connections.get(0).errors()).isPositive();

        // not held for as long as a lives: a's next heartbeat writes the delivery, and b's repeat is a duplicate
        await().atMost(BEAT.multipliedBy(3)).until(() -> b.heldElsewhere(List.of("delivered-meanwhile")).isEmpty());
        assertThat(b.tryClaim("delivered-meanwhile")).isFalse();
    }

    @Test
    void anExpiryShorterThanTwoHeartbeatsIsRefused() {
        assertThatThrownBy(() -> new ForwarderHeartbeat(redis(), "forwarder-a", BEAT, BEAT.plusMillis(500)))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("forwarder.redis.heartbeatExpiryMs");
    }

    private RedisDeliveryClaims claims(String owner) {
        ForwarderHeartbeat heartbeat = new ForwarderHeartbeat(redis(), owner, BEAT, EXPIRY);
        heartbeat.start();
        heartbeats.add(heartbeat);
        return new RedisDeliveryClaims(connections.get(connections.size() - 1), "event", owner, heartbeat, KEPT);
    }

    private RedisConnection redis() {
        RedisConnection redis = new RedisConnection(server.url(), "", Duration.ofSeconds(2));
        redis.start();
        connections.add(redis);
        return redis;
    }

    private static Set<String> claimAt(CyclicBarrier together, RedisDeliveryClaims claims, List<String> ids) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Set<String> won = new HashSet<>();
        // in batches of 50, as the forwarding route claims them
        for (int from = 0; from < ids.size(); from += 50) {
            won.addAll(claims.tryClaim(ids.subList(from, from + 50)));
        }
        return won;
    }
}
