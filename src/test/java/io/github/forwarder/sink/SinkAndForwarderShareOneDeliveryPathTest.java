package io.github.forwarder.sink;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.TestRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/**
 * Sink calls and forwarded Sentry errors go through one delivery path: they share the throttle, and an
 * undeliverable sink call is dead-lettered and can be replayed like a Sentry event.
 */
class SinkAndForwarderShareOneDeliveryPathTest {

    @Test
    void sinkCallsAndSentryEventsShareTheRate() {
        int rate = 2;
        // one request per call (not the default batches): the calls of both then take turns for the same requests
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = sinkForwarder(segment).property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", rate).start()) {
            ProducerTemplate template = forwarder.context().createProducerTemplate();
            // warm the connection first, so arrival times reflect the throttle rather than a cold first request
            template.sendBodyAndHeader("direct:send-segment-call", "{\"userId\":\"w\",\"event\":\"Warm Up\"}",
                    "segmentCall", "track");
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.received().size() == 1);
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            for (int i = 0; i < 3; i++) {
                forwarder.post(SentryEvents.forwardable(i));
                template.sendBodyAndHeader("direct:send-segment-call",
                        "{\"userId\":\"u" + i + "\",\"event\":\"Order Completed\"}", "segmentCall", "track");
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 7);
            List<Instant> times = segment.received().stream().skip(1).map(SegmentStandIn.Received::at).sorted().toList();
            for (int i = 0; i + rate < times.size(); i++) {
                assertThat(Duration.between(times.get(i), times.get(i + rate))).as("%s", times).isGreaterThan(Duration.ofMillis(850));
            }
            assertThat(segment.received().stream().map(r -> r.json().get("messageId").asText())
                    .filter(id -> id.startsWith("sentry-"))).hasSize(3);
        }
    }

    @Test
    void anUndeliverableSinkCallIsDeadLetteredAndReplayed() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = sinkForwarder(segment).start()) {
            segment.answerNext(status(400));
            forwarder.context().createProducerTemplate().sendBodyAndHeader("direct:send-segment-call",
                    "{\"userId\":\"u1\",\"groupId\":\"acme\",\"messageId\":\"grp-1\"}", "segmentCall", "group");

            Path entry = forwarder.deadLetterDir().resolve("message-grp-1.json");
            await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").contains(entry));
            JsonNode dead = DeadLetters.read(entry);
            assertThat(dead.get("segmentCall").asText()).isEqualTo("group");
            assertThat(dead.at("/segmentMessage/groupId").asText()).isEqualTo("acme");
            assertThat(dead.get("reason").asText()).startsWith("Segment answered 400");

            Files.createDirectories(forwarder.dataDir().resolve("replay"));
            Files.move(entry, forwarder.dataDir().resolve("replay/message-grp-1.json"));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().contains("grp-1"));
            assertThat(segment.received().get(1).messages()).singleElement()
                    .satisfies(message -> assertThat(message.get("type").asText()).isEqualTo("group"));
        }
    }

    private static RunningForwarder.Builder sinkForwarder(SegmentStandIn segment) {
        return RunningForwarder.with().segment(segment)
                .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                .property("orders.segment.writeKey", "unused");
    }
}
