package io.github.forwarder.delivery;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With segment.batch.size above 1 (the default, 500), many events travel in one /v1/batch request, never over
 * Segment's 500 KB or 2,500 messages, while a lone event still leaves at once; every guarantee still holds per
 * event: a failed batch is retried with the same messageIds, and a batch Segment refuses is split so only the bad
 * event is dead-lettered.
 */
class BatchModeCarriesManyEventsPerRequestTest {

    @TempDir
    Path inbox;

    @Test
    void aBackfillGoesInFewRequestsUnderSegmentsLimits() throws Exception {
        int events = 1000;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("segment.batch.size", 2500).property("segment.batch.timeoutMs", 300)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100").start()) {
            // ~1 KB Track calls (a long transaction name), so 1,000 of them cannot fit one 500 KB request
            String transaction = "/checkout/" + "step/".repeat(150);
            String backfill = IntStream.range(0, events).mapToObj(i -> new String(SentryEvents.forwardable(i),
                    StandardCharsets.UTF_8).replace("{\"event_id\"", "{\"transaction\":\"" + transaction + "\",\"event_id\""))
                    .collect(Collectors.joining("\n"));
            Files.writeString(inbox.resolve("backfill.ndjson"), backfill);

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() >= events);
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates().hasSize(events);
            List<SegmentStandIn.Received> requests = segment.received();
            assertThat(requests).allSatisfy(request -> {
                assertThat(request.path()).isEqualTo("/v1/batch");
                assertThat(request.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(500 * 1024);
                assertThat(request.messages()).allSatisfy(m -> assertThat(m.get("type").asText()).isEqualTo("track"));
                assertThat(request.status()).isEqualTo(200);
            });
            // far fewer requests than events; at least two, since 1,000 one-KB calls exceed one request's 500 KB
            assertThat(requests.size()).isBetween(2, events / 10);
        }
    }

    @Test
    void byDefaultABackfillSharesFewRequests() throws Exception {
        int events = 1000;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100").start()) {
            Files.writeString(inbox.resolve("backfill.ndjson"), IntStream.range(0, events)
                    .mapToObj(i -> new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("\n")));

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() >= events);
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates().hasSize(events);
            List<SegmentStandIn.Received> requests = segment.received();
            assertThat(requests).allSatisfy(request -> {
                assertThat(request.path()).isEqualTo("/v1/batch");
                assertThat(request.messages()).hasSizeLessThanOrEqualTo(500);
            });
            // at one request per event the default rate (200/s) would take 5 s and 1,000 requests
            assertThat(requests.size()).isBetween(2, events / 100);
        }
    }

    @Test
    void aLoneEventDoesNotWaitForItsBatchToFill() {
        // the default batch size; a batch may wait two minutes to fill, so only leaving at once explains the arrival
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("segment.batch.timeoutMs", 120_000).start()) {
            forwarder.post(SentryEvents.forwardable(1));

            // far sooner than the two minutes a batch may wait to fill: nothing else was unanswered
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);
            assertThat(segment.received().get(0).path()).isEqualTo("/v1/batch");
        }
    }

    @Test
    void aFailedBatchIsRetriedWithTheSameMessages() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = batching(segment, 10).fastRetries(5).start()) {
            segment.answerNext(status(503));
            for (int i = 0; i < 10; i++) {
                forwarder.post(SentryEvents.forwardable(i));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() == 10);
            List<String> failed = segment.received().get(0).messages().stream().map(m -> m.get("messageId").asText()).toList();
            assertThat(segment.received().get(0).status()).isEqualTo(503);
            assertThat(segment.deliveredMessageIds()).containsAll(failed).doesNotHaveDuplicates();
            assertThat(forwarder.filesIn("dead-letter")).isEmpty();
        }
    }

    @Test
    void aRefusedBatchIsSplitSoOnlyTheBadEventIsDeadLettered() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = batching(segment, 10).start()) {
            segment.refuseMessagesContaining("poison-user");
            for (int i = 0; i < 10; i++) {
                byte[] event = SentryEvents.forwardable(i);
                forwarder.post(i == 4 ? new String(event, StandardCharsets.UTF_8).replace("\"u4\"", "\"poison-user\"")
                        .getBytes(StandardCharsets.UTF_8) : event);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() == 9
                    && forwarder.filesIn("dead-letter").size() == 1);
            JsonNode entry = DeadLetters.read(forwarder.filesIn("dead-letter").get(0));
            assertThat(entry.get("eventId").asText()).isEqualTo(SentryEvents.eventId(4));
            assertThat(entry.get("reason").asText()).startsWith("Segment answered 400");
            assertThat(segment.deliveredMessageIds()).doesNotContain("sentry-" + SentryEvents.eventId(4));
        }
    }

    private static RunningForwarder.Builder batching(SegmentStandIn segment, int size) {
        return RunningForwarder.with().segment(segment)
                .property("segment.batch.size", size).property("segment.batch.timeoutMs", 500);
    }
}
