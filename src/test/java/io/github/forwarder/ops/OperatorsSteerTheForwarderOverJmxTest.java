package io.github.forwarder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An operator steers the forwarder through its MBean io.github.forwarder:type=Forwarder, over /observe/jolokia with
 * the console credentials: reads it, lowers the rate and sees it hold at Segment, pauses delivery while the intake
 * still accepts, resumes and sees everything arrive, and replays the dead letters. Each change is logged with who.
 */
class OperatorsSteerTheForwarderOverJmxTest {

    private static final String PASSWORD = "steer-test-" + Long.toHexString(System.nanoTime());
    private static final String MBEAN = "/io.github.forwarder:type=Forwarder";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOperatorReadsChangesPausesResumesAndReplays() throws Exception {
        // one request per event (not the default batches), so that the new rate shows in the events' arrivals
        try (SegmentStandIn segment = new SegmentStandIn(); CapturedLogs logs = new CapturedLogs();
                RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                        .property("segment.batch.size", 1)
                        .property("forwarder.console.enabled", false)
                        .property("forwarder.console.password", PASSWORD).start()) {
            JsonNode attributes = jolokia(forwarder, "/read" + MBEAN).path("value");
            assertThat(attributes.path("ThrottleRate").asInt()).isEqualTo(200);
            assertThat(attributes.path("Paused").asBoolean()).isFalse();
            assertThat(attributes.has("InFlight")).isTrue();
            assertThat(forwarder.management("/observe/jolokia/write" + MBEAN + "/ThrottleRate/5").statusCode())
                    .as("nothing changes without the console credentials").isEqualTo(401);

            // a first event warms the way to Segment up (a fresh JVM's first call is slow, and would let the calls
            // behind it arrive bunched); then the new rate holds at Segment
            forwarder.post(SentryEvents.forwardable(99));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);
            assertThat(jolokia(forwarder, "/write" + MBEAN + "/ThrottleRate/5").path("status").asInt()).isEqualTo(200);
            for (int i = 0; i < 15; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 16);
            // 15 calls at 5 a second span about 3 s (at the old 200 a second, under 0.1 s). The exact bound in every
            // sliding second is ThrottleHoldsTheRateTest's; here the point is that the new rate took effect at once.
            Arrivals arrivals = Arrivals.of(segment.received().subList(1, 16));
            assertThat(arrivals.shortestSpanOf(15)).isGreaterThan(Duration.ofMillis(2500));
            assertThat(arrivals.mostInAnySecond()).isLessThanOrEqualTo(6);
            assertThat(jolokia(forwarder, "/read" + MBEAN + "/ThrottleRate").path("value").asInt()).isEqualTo(5);
            jolokia(forwarder, "/write" + MBEAN + "/ThrottleRate/200");

            // paused: the intake still answers 202 and stores, nothing reaches Segment
            assertThat(jolokia(forwarder, "/exec" + MBEAN + "/pause()").path("status").asInt()).isEqualTo(200);
            assertThat(jolokia(forwarder, "/read" + MBEAN + "/Paused").path("value").asBoolean()).isTrue();
            for (int i = 15; i < 20; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> segment.received().size() == 16);
            assertThat(forwarder.eventIdsInSpool()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(15, 20).mapToObj(SentryEvents::eventId).toList());

            // resumed: everything stored meanwhile arrives
            jolokia(forwarder, "/exec" + MBEAN + "/resume()");
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 21);
            // counted once Segment's answer is read, a moment after the stand-in recorded the call
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> jolokia(forwarder, "/read" + MBEAN + "/Forwarded").path("value").asLong() == 21);

            // a dead letter, replayed from JMX once Segment takes it again
            segment.refuseMessagesContaining("\"u20\"");
            forwarder.post(SentryEvents.forwardable(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
            assertThat(jolokia(forwarder, "/read" + MBEAN + "/DeadLetters").path("value").asLong()).isEqualTo(1);
            segment.refuseMessagesContaining(null);
            assertThat(jolokia(forwarder, "/exec" + MBEAN + "/replayDeadLetters()").path("value").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 22);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("dead-letter").isEmpty());

            assertThat(logs.text())
                    .contains("User 'admin' (Jolokia) set the Segment rate from 200 to 5 requests/s")
                    .contains("User 'admin' (Jolokia) paused delivery")
                    .contains("User 'admin' (Jolokia) resumed delivery")
                    .contains("User 'admin' (Jolokia) replayed 1 dead letters")
                    .doesNotContain(PASSWORD);
        }
    }

    private static JsonNode jolokia(RunningForwarder forwarder, String request) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(forwarder.management("/observe/jolokia" + request, "Authorization", auth).body());
    }
}
