package io.github.forwarder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged forwarders on one ActiveMQ Artemis broker and one Redis behave as one forwarder. Events are posted
 * round-robin to their intakes, every tenth also to a second forwarder at the same moment, and one forwarder is
 * killed with SIGKILL mid-run. Every accepted event reaches Segment; a repeat is delivered once; a second delivery
 * can only come from the kill (an event the killed forwarder sent but could not acknowledge), and is counted; the
 * requests of all three keep the rate in any second and reach at least 95% of it while a backlog waits; both
 * survivors did work. With the default settings (forwarder.redis.heartbeatExpiryMs 10 s), the events the killed
 * forwarder held in flight reach Segment through a survivor within 30 s of the SIGKILL (the hand-over), and the
 * survivors keep at least 90% of the rate meanwhile.
 */
class SeveralForwardersOnOneBrokerAndRedisIT {

    private static final int FORWARDERS = 3;
    private static final int EVENTS = 1200;
    private static final int RATE = 50;
    private static final int CONSUMERS = 4;
    /** Events accepted and not yet sent, above which the rate is measured (see backlogWindow). */
    private static final int BACKLOG = 2 * RATE;

    @TempDir
    Path dataDirs;

    @Test
    void threeForwardersShareTheWorkTheRateAndTheMemoryOfWhatWasSent() throws Exception {
        int brokerPort = RunningForwarder.freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).setName("several-" + System.nanoTime())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        List<ForkedForwarder> forwarders = new ArrayList<>();
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn()) {
            for (int i = 0; i < FORWARDERS; i++) {
                Map<String, String> settings = new HashMap<>();
                settings.put("segment.baseUrl", segment.baseUrl());
                settings.put("forwarder.source", "jms:queue:sentry.events?transacted=true&concurrentConsumers=" + CONSUMERS);
                settings.put("forwarder.jms.brokerUrl", "tcp://127.0.0.1:" + brokerPort);
                settings.put("forwarder.redis.url", redis.url());
                settings.put("forwarder.throttle.rate", String.valueOf(RATE));
                // one request per event (not the default batches): the shared rate then holds back a backlog
                settings.put("segment.batch.size", "1");
                settings.put("forwarder.dataDir", dataDirs.resolve("forwarder-" + i).toString());
                forwarders.add(ForkedForwarder.start(settings, Map.of("SEGMENT_WRITEKEY", "several-forwarders-key")));
            }
            ForkedForwarder killed = forwarders.get(FORWARDERS - 1);
            Set<Integer> alive = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < FORWARDERS; i++) {
                alive.add(i);
            }
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            Set<String> repeated = ConcurrentHashMap.newKeySet();
            List<Instant> acceptedAt = Collections.synchronizedList(new ArrayList<>());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService posters = Executors.newFixedThreadPool(6);
            List<Future<?>> posts = new ArrayList<>();
            Instant killedAt = null;
            Set<String> heldByKilled = null;
            for (int n = 0; n < EVENTS; n++) {
                int event = n;
                if (n % 10 == 0) {
                    // the same event to two forwarders at the same moment
                    CyclicBarrier together = new CyclicBarrier(2);
                    repeated.add(SentryEvents.eventId(event));
                    posts.add(posters.submit(() -> post(http, forwarders, alive, event, event, together, accepted, acceptedAt)));
                    posts.add(posters.submit(() -> post(http, forwarders, alive, event, event + 1, together, accepted, acceptedAt)));
                } else {
                    posts.add(posters.submit(() -> post(http, forwarders, alive, event, event, null, accepted, acceptedAt)));
                }
                // mid-run, while a backlog waits: the hand-over is measured with work for the survivors to do
                if (killedAt == null && segment.deliveredMessageIds().size() >= EVENTS / 4
                        && accepted.size() - segment.deliveredMessageIds().size() >= BACKLOG) {
                    alive.remove(FORWARDERS - 1);
                    killed.kill();
                    killedAt = Instant.now();
                    heldByKilled = redis.eventsClaimedBy(killed.ownerId());
                }
                if (n % 100 == 99) {
                    for (Future<?> post : posts) {
                        post.get();
                    }
                    posts.clear();
                }
            }
            for (Future<?> post : posts) {
                post.get();
            }
            posters.shutdown();
            if (killedAt == null) {
                alive.remove(FORWARDERS - 1);
                killed.kill();
                killedAt = Instant.now();
                heldByKilled = redis.eventsClaimedBy(killed.ownerId());
            }

            await().atMost(Duration.ofSeconds(3L * EVENTS / RATE + 120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> segment.deliveredMessageIds().stream().map(id -> id.substring("sentry-".length()))
                            .collect(Collectors.toSet()).containsAll(accepted));

            List<String> delivered = segment.deliveredMessageIds();
            Map<String, Long> times = delivered.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            List<String> again = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            Arrivals arrivals = Arrivals.of(segment.received());
            double achieved = segment.received().size()
                    / Math.max(1e-3, Duration.between(segment.received().get(0).at(),
                            segment.received().get(segment.received().size() - 1).at()).toMillis() / 1000.0);
            Instant[] backlog = backlogWindow(acceptedAt, segment.received());
            double steady = backlog == null ? Double.NaN : arrivals.perSecondBetween(backlog[0], backlog[1]);
            Instant handedOverAt = handedOver(heldByKilled, killedAt, segment.received());
            Duration handOver = Duration.between(killedAt, handedOverAt);
            double duringHandOver = arrivals.perSecondBetween(killedAt, handedOverAt);
            System.out.printf("several forwarders: the killed forwarder held %d events in flight; all reached Segment"
                    + " through a survivor %d ms after the SIGKILL; %.1f requests/s meanwhile (rate %d)%n",
                    heldByKilled.size(), handOver.toMillis(), duringHandOver, RATE);
            System.out.printf("several forwarders: %d accepted, %d delivered (%d distinct), delivered again: %s;"
                    + " busiest second %s, tightest %d requests %s; %.1f requests/s over the run, %.1f while a backlog"
                    + " of at least %d waited (%s to %s; rate %d); killed at %s%n", accepted.size(), delivered.size(),
                    times.size(), again, arrivals.busiestSecond(), RATE + 1, arrivals.tightestRunOf(RATE + 1), achieved,
                    steady, BACKLOG, backlog == null ? "-" : backlog[0], backlog == null ? "-" : backlog[1], RATE,
                    killedAt);

            assertThat(accepted).as("all accepted").hasSize(EVENTS);
            // a second delivery only from the kill: an event the killed forwarder sent but could not acknowledge
            assertThat(again).as("delivered more than once").hasSizeLessThanOrEqualTo(CONSUMERS);
            assertThat(arrivals.mostInAnySecond()).as("requests in any second").isLessThanOrEqualTo(RATE);
            // While a backlog waits, the three together keep the rate within 5% of it, as the several-forwarders issue
            // asks: the pacing passes at most 96% (1.04 s for R requests, a margin for the way to Segment), measured
            // 47.8 to 48.2/s in every run on an idle machine, and 47.9 to 48.0 beside one or two busy loops (`yes`) on
            // the 2 cores. With 2 consumers each it was 44.8 to 47.8 while a survivor's consumers held repeats of the
            // killed forwarder's events until its claims expired; such events now wait on the queue instead.
            assertThat(backlog).as("a backlog of at least %d events waited for 7 s or more", BACKLOG).isNotNull();
            assertThat(steady).as("requests/s while a backlog waited").isGreaterThanOrEqualTo(0.95 * RATE);
            assertThat(achieved).as("requests/s over the run").isGreaterThan(0.5 * RATE);
            // With the default heartbeat (expiry 10 s) the killed forwarder's events go on within 30 s, and the
            // survivors' consumers keep forwarding the backlog meanwhile (those events wait on the queue, not in them).
            assertThat(heldByKilled).as("events in flight in the killed forwarder").isNotEmpty();
            assertThat(handOver).as("from the SIGKILL until its events reached Segment").isLessThanOrEqualTo(
                    Duration.ofSeconds(30));
            assertThat(duringHandOver).as("requests/s during the hand-over").isGreaterThanOrEqualTo(0.9 * RATE);
            for (int survivor = 0; survivor < FORWARDERS - 1; survivor++) {
                assertThat(metric(forwarders.get(survivor), "forwarder_events_forwarded_total"))
                        .as("forwarder %d did work", survivor).isPositive();
            }
        } finally {
            for (ForkedForwarder forwarder : forwarders) {
                forwarder.close();
            }
            broker.stop();
        }
    }

    /**
     * The steady middle of the run: from 2 s after at least {@link #BACKLOG} accepted events wait for Segment until the
     * last moment that many still wait (null if that is under 5 s). Posting outruns the rate, so a backlog builds.
     */
    private static Instant[] backlogWindow(List<Instant> acceptedAt, List<SegmentStandIn.Received> requests) {
        List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
        acceptedAt.forEach(at -> changes.add(Map.entry(at, 1)));
        requests.forEach(request -> changes.add(Map.entry(request.at(), -1)));
        changes.sort(Map.Entry.comparingByKey());
        Instant from = null;
        Instant to = null;
        int waiting = 0;
        for (Map.Entry<Instant, Integer> change : changes) {
            waiting += change.getValue();
            if (waiting >= BACKLOG) {
                from = from == null ? change.getKey() : from;
                to = change.getKey();
            }
        }
        if (from == null || Duration.between(from, to).toSeconds() < 7) {
            return null;
        }
        return new Instant[] {from.plusSeconds(2), to};
    }

    /**
     * When the last of these events first reached Segment after the kill: the killed forwarder held their claims, so
     * a survivor sent them (one it had sent but not yet marked delivered is sent again).
     */
    private static Instant handedOver(Set<String> held, Instant killedAt, List<SegmentStandIn.Received> requests) {
        Map<String, Instant> firstAfterKill = new HashMap<>();
        for (SegmentStandIn.Received request : requests) {
            if (request.status() / 100 == 2 && !request.at().isBefore(killedAt)) {
                request.messages().forEach(message -> firstAfterKill.putIfAbsent(
                        message.path("messageId").asText().substring("sentry-".length()), request.at()));
            }
        }
        assertThat(firstAfterKill.keySet()).as("events the killed forwarder held, sent after the kill")
                .containsAll(held);
        return held.stream().map(firstAfterKill::get).max(Instant::compareTo).orElse(killedAt);
    }

    /** Posts the event to forwarder {@code target}, or to the next one alive if that one is gone (as Sentry retries). */
    private static void post(HttpClient http, List<ForkedForwarder> forwarders, Set<Integer> alive, int event,
            int target, CyclicBarrier together, Set<String> accepted, List<Instant> acceptedAt) {
        try {
            if (together != null) {
                together.await();
            }
            for (int attempt = 0; attempt < 10 * FORWARDERS; attempt++) {
                int to = (target + attempt) % FORWARDERS;
                if (!alive.contains(to)) {
                    continue;
                }
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + forwarders.get(to).httpPort() + "/sentry/events"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(SentryEvents.forwardable(event)))
                            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 202) {
                        if (accepted.add(SentryEvents.eventId(event))) {
                            acceptedAt.add(Instant.now());
                        }
                        return;
                    }
                } catch (IOException refused) {
                    // killed: the next forwarder takes it
                }
            }
            throw new AssertionError("no forwarder accepted event " + event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double metric(ForkedForwarder forwarder, String series) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + forwarder.managementPort() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher value = Pattern.compile("(?m)^" + series + "[^\\n]* ([0-9.eE+-]+)$").matcher(body);
        while (value.find()) {
            sum += Double.parseDouble(value.group(1));
        }
        return sum;
    }
}
