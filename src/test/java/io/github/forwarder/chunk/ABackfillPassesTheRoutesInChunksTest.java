package io.github.forwarder.chunk;

import static io.github.forwarder.support.SegmentStandIn.Answer.retryAfter;
import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.ops.steering.ForwarderSteering;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill's events pass the forwarding route in chunks of forwarder.batch.events, one exchange each, and
 * every event still has its own outcome: a bad line is dead-lettered alone with its input, a filtered event and
 * a repeat are left out, and the rest reach Segment once, in one batch request per chunk.
 */
class ABackfillPassesTheRoutesInChunksTest {

    private static final int EVENTS = 1200;

    @TempDir
    Path inbox;

    @Test
    void eachChunkIsOneExchangeAndEachEventHasItsOwnOutcome() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("segment.batch.size", 500).property("segment.batch.timeoutMs", 200)
                     .property("forwarder.batch.events", 500)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100").start()) {
            List<String> lines = new ArrayList<>();
            IntStream.range(0, EVENTS).forEach(i -> lines.add(new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8)));
            lines.set(10, "{\"event_id\": \"not json at all");
            lines.set(20, lines.get(20).replace("\"user\":{\"id\":\"u20\"},", ""));
            lines.set(30, lines.get(29));
            Files.write(inbox.resolve("backfill.ndjson.tmp"), lines);
            Files.move(inbox.resolve("backfill.ndjson.tmp"), inbox.resolve("backfill.ndjson"));

            int forwardable = EVENTS - 3;
            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() >= forwardable
                    && forwarder.filesIn("dead-letter").size() == 1 && !Files.exists(inbox.resolve("backfill.ndjson")));

            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates().hasSize(forwardable)
                    .doesNotContain("sentry-" + SentryEvents.eventId(10), "sentry-" + SentryEvents.eventId(20),
                            "sentry-" + SentryEvents.eventId(30));
            assertThat(segment.received()).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/batch"));
            assertThat(segment.received()).as("one request per chunk of 500").hasSize(3);

            JsonNode entry = DeadLetters.read(forwarder.filesIn("dead-letter").get(0));
            assertThat(entry.get("input").asText()).isEqualTo("{\"event_id\": \"not json at all");
            assertThat(entry.get("reason").asText()).isNotBlank();

            long chunksRouted = forwarder.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                    .getManagedRoute("forward-sentry-chunk").getExchangesTotal();
            assertThat(chunksRouted).as("exchanges through the chunk route").isEqualTo(3);
        }
    }

    @Test
    void aBackfillFolderIsNotReadIntoMemoryAllAtOnce() throws Exception {
        int files = 40;
        int eventsPerFile = 10;
        int concurrency = 4;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.concurrency", concurrency)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100&maxMessagesPerPoll=500").start()) {
            // Segment answers slowly, so chunks wait for it (without holding the route's threads)
            segment.answerNext(IntStream.range(0, files * eventsPerFile).mapToObj(i -> new SegmentStandIn.Answer(200,
                    "{}", java.util.Map.of(), 100)).toArray(SegmentStandIn.Answer[]::new));
            Path staging = Files.createTempDirectory("staging");
            for (int f = 0; f < files; f++) {
                int first = f * eventsPerFile;
                Files.write(staging.resolve("f" + f + ".ndjson"), IntStream.range(first, first + eventsPerFile)
                        .mapToObj(i -> new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8)).toList());
            }
            for (int f = 0; f < files; f++) {
                Files.move(staging.resolve("f" + f + ".ndjson"), inbox.resolve("f" + f + ".ndjson"));
            }
            // as operators read it: the steering MBean's InFlight
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName steering = new ObjectName(ForwarderSteering.NAME);
            AtomicInteger mostInFlight = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> {
                mostInFlight.accumulateAndGet((Integer) jmx.getAttribute(steering, "InFlight"), Math::max);
                return segment.deliveredMessageIds().size() == files * eventsPerFile;
            });
            assertThat(mostInFlight.get()).as("events in flight at most").isPositive()
                    .isLessThanOrEqualTo(concurrency * eventsPerFile);
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aFailedRequestRetriesItsEventsAloneAndLosesNone() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(5)
                     .property("forwarder.batch.events", 50)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100").start()) {
            segment.answerNext(status(503), retryAfter(429, "1"));
            List<String> lines = IntStream.range(0, 50)
                    .mapToObj(i -> new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8)).toList();
            Files.write(inbox.resolve("events.ndjson.tmp"), lines);
            Files.move(inbox.resolve("events.ndjson.tmp"), inbox.resolve("events.ndjson"));

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() == 50
                    && !Files.exists(inbox.resolve("events.ndjson")));
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates();
            assertThat(segment.received()).as("one request per call; two refused, then retried").hasSize(52);
            assertThat(forwarder.filesIn("dead-letter")).isEmpty();
            // the call answered 429 waited out its Retry-After before it was sent again
            SegmentStandIn.Received limited = segment.received().stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            String messageId = limited.messages().get(0).get("messageId").asText();
            SegmentStandIn.Received retried = segment.received().stream().filter(r -> r.status() == 200
                    && r.messages().get(0).get("messageId").asText().equals(messageId)).findFirst().orElseThrow();
            assertThat(Duration.between(limited.at(), retried.at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }
}
