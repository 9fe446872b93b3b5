package io.github.forwarder.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients post to the packaged forwarder throughout its start and its stop (SIGTERM), as Sentry does to a
 * forwarder being redeployed. Every request is answered 202, or 503 with a JSON error and Retry-After (which Sentry
 * retries), or gets no connection; never 404, which Sentry does not retry. The same holds for the replay
 * endpoint. Every event answered 202 reaches Segment (after a restart for those still in the spool).
 */
class StartAndStopNeverAnswer404IT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-token-for-tests";
    private static final int INTAKE_CLIENTS = 4;
    private static final int REPLAY_CLIENTS = 2;
    private static final int MOST_POSTS_PER_CLIENT = 3_000;

    @TempDir
    Path dataDir;

    /** What the clients saw. */
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final List<String> wrongAnswers = new ArrayList<>();
    private final Set<String> acceptedEventIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextEvent = new AtomicInteger();
    private final AtomicBoolean posting = new AtomicBoolean(true);
    private volatile String phase = "starting";

    @Test
    void clientsPostingThroughAStartAndASigtermGetNo404AndLoseNothing() throws Exception {
        int port = RunningForwarder.freePort();
        try (SegmentStandIn segment = new SegmentStandIn()) {
            Map<String, String> settings = Map.of("forwarder.dataDir", dataDir.toString(),
                    "segment.baseUrl", segment.baseUrl(), "camel.server.port", String.valueOf(port),
                    "forwarder.admin.token", TOKEN, "forwarder.throttle.rate", "2000");
            Map<String, String> environment = Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY);

            ExecutorService clients = Executors.newFixedThreadPool(INTAKE_CLIENTS + REPLAY_CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            // HTTP/1.1 with keep-alive, as Sentry posts (Java's client would otherwise upgrade to h2c).
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < INTAKE_CLIENTS; i++) {
                running.add(clients.submit(() -> postUntilStopped(http, port, true)));
            }
            for (int i = 0; i < REPLAY_CLIENTS; i++) {
                running.add(clients.submit(() -> postUntilStopped(http, port, false)));
            }

            ForkedForwarder forwarder = ForkedForwarder.start(settings, environment);
            phase = "started";
            long acceptedAtStart = count("intake 202");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("intake 202") >= acceptedAtStart + 200);
            phase = "stopping";
            forwarder.close(); // SIGTERM, and waits for the process to end
            phase = "stopped";
            long refusedAfterStop = count("intake no connection");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("intake no connection") >= refusedAfterStop + 20);
            posting.set(false);
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();

            System.out.println("Answers during a start and a SIGTERM: " + outcomes);
            assertThat(wrongAnswers).isEmpty();
            assertThat(count("intake 202")).isPositive();
            assertThat(count("replay 202")).isPositive();
            assertThat(count("intake 503")).as("requests fell in the start or stop window").isPositive();
            // A request sent just as the server closes its connections gets no answer: it was not taken either.
            assertThat(outcomes.keySet()).filteredOn(outcome -> outcome.contains(" closed while "))
                    .allMatch(outcome -> outcome.contains(" closed while stopping"));

            // A graceful stop leaves what Segment has not taken in the spool: the next start sends it.
            try (ForkedForwarder restarted = ForkedForwarder.start(settings, environment)) {
                await().atMost(Duration.ofSeconds(90)).until(
                        () -> Set.copyOf(segment.deliveredMessageIds()).size() >= acceptedEventIds.size());
                assertThat(Set.copyOf(segment.deliveredMessageIds())).containsAll(
                        acceptedEventIds.stream().map(id -> "sentry-" + id).toList());
            }
        }
    }

    /** Posts one request after another until told to stop, or MOST_POSTS_PER_CLIENT; records each outcome. */
    private void postUntilStopped(HttpClient http, int port, boolean intake) {
        String endpoint = intake ? "intake" : "replay";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        for (int posts = 0; posting.get() && posts < MOST_POSTS_PER_CLIENT && Instant.now().isBefore(deadline); ) {
            int n = nextEvent.getAndIncrement();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + (intake ? "/sentry/events" : "/admin/dead-letters/replay")))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
            if (intake) {
                request.POST(HttpRequest.BodyPublishers.ofByteArray(SentryEvents.forwardable(n)));
            } else {
                request.header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                posts++;
                record(endpoint, answer);
                if (intake && answer.statusCode() == 202) {
                    acceptedEventIds.add(SentryEvents.eventId(n));
                }
            } catch (ConnectException refused) {
                // Nothing listens yet, or any more: pace the retries instead of spinning on a shared machine.
                outcomes.computeIfAbsent(endpoint + " no connection", k -> new LongAdder()).increment();
                pause();
            } catch (IOException closed) {
                // The server closed the connection without an answer as it stopped: Sentry retries this too.
                outcomes.computeIfAbsent(endpoint + " no connection", k -> new LongAdder()).increment();
                outcomes.computeIfAbsent(endpoint + " closed while " + phase + ": " + closed.getMessage(),
                        k -> new LongAdder()).increment();
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(String endpoint, HttpResponse<String> answer) {
        int status = answer.statusCode();
        outcomes.computeIfAbsent(endpoint + " " + status, k -> new LongAdder()).increment();
        boolean fine = status == 202 || status == 503 && isRetryLater(answer);
        if (!fine) {
            synchronized (wrongAnswers) {
                if (wrongAnswers.size() < 20) {
                    wrongAnswers.add(phase + ": " + endpoint + " " + status + " " + answer.headers().map() + " " + answer.body());
                }
            }
        }
    }

    private static boolean isRetryLater(HttpResponse<String> answer) {
        try {
            return answer.headers().firstValue("Retry-After").isPresent()
                    && answer.headers().firstValue("Content-Type").orElse("").equals("application/json")
                    && !JSON.readTree(answer.body()).path("error").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private long count(String outcome) {
        LongAdder adder = outcomes.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
