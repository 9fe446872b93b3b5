package io.github.forwarder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged forwarders on one Redis, which is stopped mid-run and started again on the same port (empty, as a
 * Redis without persistence comes back). While it is down both answer DOWN on /observe/health/ready naming Redis,
 * still accept events, and deliver none of those they could not claim; none is dead-lettered or lost. Once it is back
 * both are ready again and every accepted event reaches Segment. Each says once that Redis is unreachable, and a
 * file goes back to its folder at most once, not at every poll of the outage.
 */
class RedisRestartUnderForkedForwardersIT {

    private static final int EACH = 40;
    private static final int RATE = 20;

    @TempDir
    Path dataDirs;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void eventsWaitWhileRedisIsDownAndAllAreDeliveredWhenItIsBack() throws Exception {
        List<ForkedForwarder> forwarders = new ArrayList<>();
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn()) {
            for (int i = 0; i < 2; i++) {
                forwarders.add(ForkedForwarder.start(Map.of("segment.baseUrl", segment.baseUrl(),
                        "forwarder.redis.url", redis.url(), "forwarder.throttle.rate", String.valueOf(RATE),
                        "forwarder.dataDir", dataDir(i).toString()), Map.of("SEGMENT_WRITEKEY", "redis-restart-key")));
            }
            Set<String> expected = new HashSet<>();
            for (int n = 0; n < EACH; n++) {
                for (int i = 0; i < 2; i++) {
                    int event = 1000 * i + n;
                    assertThat(post(forwarders.get(i), event)).isEqualTo(202);
                    expected.add("sentry-" + SentryEvents.eventId(event));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= 10);

            List<Integer> warningsBefore = forwarders.stream().map(forwarder -> warnings(forwarder).size()).toList();
            redis.stop();
            for (ForkedForwarder forwarder : forwarders) {
                await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder).statusCode() == 503);
                assertThat(readiness(forwarder).body()).contains("redis-reachable").contains("is unreachable");
            }
            // the intake needs no Redis: new events are accepted, and wait with the others
            for (int n = EACH; n < EACH + 5; n++) {
                assertThat(post(forwarders.get(0), n)).isEqualTo(202);
                expected.add("sentry-" + SentryEvents.eventId(n));
            }
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                    deadLetters(0).isEmpty() && deadLetters(1).isEmpty());
            assertThat(segment.deliveredMessageIds()).as("none of the later events was sent without its claim")
                    .doesNotContain("sentry-" + SentryEvents.eventId(EACH));
            List<String> outageWarnings = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<String> all = warnings(forwarders.get(i));
                List<String> own = all.subList(warningsBefore.get(i), all.size());
                // the outage is said once, not once per event that waits
                assertThat(own).as("forwarder %d's warnings while Redis was down", i)
                        .filteredOn(line -> line.contains("RedisConnection - Redis at") && line.contains("is unreachable"))
                        .hasSize(1);
                outageWarnings.addAll(own);
            }

            redis.restart();
            for (ForkedForwarder forwarder : forwarders) {
                await().atMost(Duration.ofSeconds(15)).until(() -> readiness(forwarder).statusCode() == 200);
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> new HashSet<>(segment.deliveredMessageIds()).containsAll(expected));

            List<String> delivered = segment.deliveredMessageIds();
            System.out.printf("Redis stopped and restarted under 2 packaged forwarders: %d accepted, %d delivered "
                    + "(%d distinct); warnings while down: %d%n%s%n", expected.size(), delivered.size(),
                    new HashSet<>(delivered).size(), outageWarnings.size(), String.join("\n", outageWarnings));
            assertThat(deadLetters(0)).isEmpty();
            assertThat(deadLetters(1)).isEmpty();
            // A file whose claims failed as Redis went away goes back to its folder once; then it waits in flight
            // instead of failing again at every poll (before: 244 warnings from two forwarders in a 5 s outage).
            assertThat(outageWarnings.stream().filter(line -> line.contains("Rollback file strategy"))
                    .map(line -> line.substring(line.indexOf("for file:"))).toList())
                    .as("files rolled back while Redis was down").doesNotHaveDuplicates();
        } finally {
            for (ForkedForwarder forwarder : forwarders) {
                forwarder.close();
            }
        }
    }

    private Path dataDir(int forwarder) {
        return dataDirs.resolve("forwarder-" + forwarder);
    }

    private List<String> deadLetters(int forwarder) {
        Path folder = dataDir(forwarder).resolve("dead-letter");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WARN and ERROR lines of a forwarder's console so far. */
    private static List<String> warnings(ForkedForwarder forwarder) {
        return forwarder.console().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .toList();
    }

    private int post(ForkedForwarder forwarder, int event) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.httpPort()
                + "/sentry/events")).POST(HttpRequest.BodyPublishers.ofByteArray(SentryEvents.forwardable(event)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpResponse<String> readiness(ForkedForwarder forwarder) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.managementPort()
                + "/observe/health/ready?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
