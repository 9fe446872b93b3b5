package io.github.forwarder.durability;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 202 means the event is stored: with Segment down, the packaged forwarder is stopped right after accepting
 * events (SIGKILL, or SIGTERM while retries are in flight), restarted on the same data folder, and every
 * accepted event reaches Segment exactly once, with the messageId it had before.
 */
class AcceptedEventsSurviveRestartsIT {

    private static final int EVENTS = 20;

    @TempDir
    Path dataDir;

    @Test
    void killMinus9RightAfterTheAnswersLosesNothing() throws Exception {
        survives(ForkedForwarder::kill, Map.of());
    }

    /** Posted at once, the events share spool files (one per group): a group answered 202 is whole on disk. */
    @Test
    void killMinus9RightAfterConcurrentAnswersLosesNothing() throws Exception {
        survives(ForkedForwarder::kill, Map.of(), true);
    }

    @Test
    void aGracefulStopDuringRetriesLosesNothing() throws Exception {
        survives(ForkedForwarder::close, Map.of());
    }

    @Test
    void killMinus9InBatchModeLosesNothing() throws Exception {
        survives(ForkedForwarder::kill, Map.of("segment.batch.size", "8", "segment.batch.timeoutMs", "200"));
    }

    /**
     * With Redis (the default spool mode otherwise) the restarted forwarder takes back at once the claims it left: its
     * data folder keeps its owner id, so it does not wait for its old heartbeat to expire (10 s).
     */
    @Test
    void killMinus9WithRedisTakesItsOwnClaimsBackAtOnce() throws Exception {
        try (RealRedis redis = RealRedis.start()) {
            Duration restartToDelivered = survives(ForkedForwarder::kill, Map.of("forwarder.redis.url", redis.url()),
                    false);
            assertThat(restartToDelivered).isLessThan(Duration.ofSeconds(8));
        }
    }

    private interface Stop {
        void stop(ForkedForwarder forwarder) throws Exception;
    }

    private void survives(Stop stop, Map<String, String> mode) throws Exception {
        survives(stop, mode, false);
    }

    /** Answers the time from the restarted forwarder's start until every event reached Segment. */
    private Duration survives(Stop stop, Map<String, String> mode, boolean concurrently) throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn()) {
            segment.failEverything(status(503));
            Map<String, String> settings = new java.util.HashMap<>(mode);
            settings.putAll(Map.of("forwarder.dataDir", dataDir.toString(),
                    "segment.baseUrl", segment.baseUrl(), "forwarder.redelivery.initialDelayMs", "200"));
            Map<String, String> environment = Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY);

            ForkedForwarder first = ForkedForwarder.start(settings, environment);
            ExecutorService clients = Executors.newFixedThreadPool(concurrently ? EVENTS : 1);
            try {
                List<Future<HttpResponse<String>>> answers = IntStream.range(0, EVENTS)
                        .mapToObj(i -> clients.submit(() -> post(first, SentryEvents.forwardable(i)))).toList();
                for (Future<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get().statusCode()).isEqualTo(202);
                }
            } finally {
                clients.shutdown();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().stream()
                    .mapToInt(r -> r.messages().size()).sum() >= EVENTS);
            stop.stop(first);
            assertThat(segment.deliveredMessageIds()).isEmpty();

            segment.recover();
            Duration restartToDelivered;
            try (ForkedForwarder second = ForkedForwarder.start(settings, environment)) {
                Instant restarted = Instant.now();
                List<String> expected = IntStream.range(0, EVENTS)
                        .mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList();
                await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= EVENTS);
                restartToDelivered = Duration.between(restarted, Instant.now());
                assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(dataDir.resolve("dead-letter")).satisfiesAnyOf(
                        dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
            }
            // every attempt for an event carried the same message
            segment.received().stream().flatMap(r -> r.messages().stream()).collect(java.util.stream.Collectors.groupingBy(
                    m -> m.get("messageId").asText(),
                    java.util.stream.Collectors.mapping(Object::toString, java.util.stream.Collectors.toSet())))
                    .forEach((id, messages) -> assertThat(messages).as(id).hasSize(1));
            return restartToDelivered;
        }
    }

    private static HttpResponse<String> post(ForkedForwarder forwarder, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + forwarder.httpPort() + "/sentry/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
