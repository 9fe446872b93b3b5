package io.github.forwarder.redis;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged forwarders on one Redis, with the default heartbeat (forwarder.redis.heartbeatExpiryMs 10 s). Forwarder
 * A is frozen with SIGSTOP while its events wait for the rate, for longer than the heartbeat's expiry; the same events
 * then reach forwarder B. B takes A's claims once A's heartbeat expired, and sends them. When A is continued it still
 * sends the events it held: Segment gets those twice, always with the same messageId (which Segment deduplicates).
 * Nothing is lost or dead-lettered, and A says in a warning that its heartbeat was silent too long.
 */
class AFrozenForwarderLosesItsClaimsIT {

    private static final int EVENTS = 40;
    private static final int RATE = 5;
    private static final Duration EXPIRY = Duration.ofSeconds(10);

    @TempDir
    Path dataDirs;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void itsClaimsGoToAnotherForwarderAndItsLateDeliveriesKeepTheirMessageId() throws Exception {
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                ForkedForwarder a = forwarder(redis, segment, "a"); ForkedForwarder b = forwarder(redis, segment, "b")) {
            Set<String> expected = new HashSet<>();
            for (int n = 0; n < EVENTS; n++) {
                assertThat(post(a, n)).isEqualTo(202);
                expected.add("sentry-" + SentryEvents.eventId(n));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= 5);

            a.freeze();
            Instant frozenAt = Instant.now();
            Set<String> heldByA = redis.eventsClaimedBy(a.ownerId());
            int sentBeforeTheFreeze = segment.deliveredMessageIds().size();
            for (int n = 0; n < EVENTS; n++) {
                assertThat(post(b, n)).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> new HashSet<>(segment.deliveredMessageIds()).containsAll(expected));
            List<Instant> takenOverAt = segment.calls().stream().filter(r -> r.at().isAfter(frozenAt))
                    .filter(r -> heldByA.contains(r.json().path("messageId").asText().substring("sentry-".length())))
                    .map(SegmentStandIn.Received::at).toList();
            a.thaw();

            await().atMost(Duration.ofSeconds(60)).until(() -> files("a", "spool").isEmpty()
                    && files("b", "spool").isEmpty());
            List<String> delivered = segment.deliveredMessageIds();
            Set<String> twice = delivered.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(heldByA).as("events A held when it was frozen").isNotEmpty();
            Duration first = Duration.between(frozenAt, takenOverAt.get(0));
            Duration last = Duration.between(frozenAt, takenOverAt.get(takenOverAt.size() - 1));
            System.out.printf("a frozen forwarder: %d events, %d sent before the freeze, %d claimed by it when frozen;"
                    + " the other sent them from %d to %d ms after the freeze; %d sent twice (same messageId) after it"
                    + " continued%n", EVENTS, sentBeforeTheFreeze, heldByA.size(), first.toMillis(), last.toMillis(),
                    twice.size());

            // not before A's heartbeat expired: its last one was written at most forwarder.redis.heartbeatMs (2 s)
            // before the freeze
            assertThat(first).as("B sent A's first event once A's heartbeat expired")
                    .isGreaterThanOrEqualTo(EXPIRY.minusSeconds(2));
            assertThat(last).isLessThan(EXPIRY.multipliedBy(4));
            assertThat(new HashSet<>(delivered)).isEqualTo(expected);
            assertThat(twice).as("only events A held when it was frozen can reach Segment twice")
                    .allMatch(id -> heldByA.contains(id.substring("sentry-".length())));
            assertThat(files("a", "dead-letter")).isEmpty();
            assertThat(files("b", "dead-letter")).isEmpty();
            assertThat(a.console()).contains("heartbeat was silent");
        }
    }

    private ForkedForwarder forwarder(RealRedis redis, SegmentStandIn segment, String name) {
        return ForkedForwarder.start(Map.of("segment.baseUrl", segment.baseUrl(), "forwarder.redis.url", redis.url(),
                "forwarder.throttle.rate", String.valueOf(RATE), "forwarder.dataDir", dataDirs.resolve(name).toString()),
                Map.of("SEGMENT_WRITEKEY", "frozen-forwarder-key"));
    }

    private int post(ForkedForwarder forwarder, int event) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.httpPort() + "/sentry/events"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(SentryEvents.forwardable(event)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<Path> files(String forwarder, String folder) throws Exception {
        Path dir = dataDirs.resolve(forwarder).resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
