package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.delivery.SegmentRequestsInMemory.Request;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.SegmentDestinations.Destination;
import io.github.forwarder.segment.SegmentDestinations.ProjectSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Segment request builder alone ({@link SegmentRequests}), without booting the forwarder: which calls go in one
 * request, when a request closes, and which outcome each call gets when Segment answers 400, 5xx or 429. Segment is
 * {@link SegmentRequestsInMemory}, in place of the post-request-to-segment route.
 */
class SegmentBatchRequestsTest {

    private static final SegmentDestinations DESTINATIONS = new SegmentDestinations("default-key",
            "http://segment.test", Map.of("eu-shop", new ProjectSettings("eu-key", "http://eu.segment.test", true)));
    private static final Destination DEFAULT = DESTINATIONS.configured().get(0);
    private static final Destination EU = new Destination("eu-key", "http://eu.segment.test");
    private static final SegmentCalls CALLS = new SegmentCalls(new ObjectMapper(), "test",
            () -> Instant.parse("2026-12-06T12:00:00Z"));
    private static final long NO_TIMEOUT = 60_000;

    private final SegmentRequestsInMemory segment;
    private SegmentRequests batcher;

    SegmentBatchRequestsTest() throws Exception {
        segment = new SegmentRequestsInMemory();
    }

    @AfterEach
    void stop() {
        segment.close();
        ServiceHelper.stopService(batcher);
    }

    private SegmentRequests batcher(int batchSize, long timeoutMs) {
        batcher = new SegmentRequests(segment.context(), DESTINATIONS, batchSize, timeoutMs);
        ServiceHelper.startService(batcher);
        return batcher;
    }

    /** A checked Track call (SegmentCalls completes it as the sink would) with a property of {@code padding} chars. */
    private static SegmentCall track(String messageId, Destination destination, int padding) {
        byte[] json = CALLS.prepare("track", Map.of("messageId", messageId, "userId", "user-" + messageId,
                "event", "Error Captured", "properties", Map.of("padding", "x".repeat(padding)))).json();
        return new SegmentCall("track", messageId, json, destination, destination == EU ? "eu-shop" : "web");
    }

    private static List<SegmentCall> tracks(int count, Destination destination) {
        return IntStream.range(0, count).mapToObj(i -> track("m" + i, destination, 10)).toList();
    }

    private static void allAccepted(List<CompletableFuture<Void>> outcomes) {
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isCompleted().isNotCompletedExceptionally());
    }

    private static int statusOf(CompletableFuture<Void> outcome) {
        assertThat(outcome).isCompletedExceptionally();
        Throwable failure = outcome.handle((ok, error) -> error instanceof CompletionException wrapped
                ? wrapped.getCause() : error).join();
        assertThat(failure).isInstanceOf(HttpOperationFailedException.class);
        return ((HttpOperationFailedException) failure).getStatusCode();
    }

    @Test
    void atBatchSizeOneEachCallIsItsOwnRequestToItsCallsPath() {
        List<CompletableFuture<Void>> outcomes = batcher(1, NO_TIMEOUT).submitAll(
                List.of(track("a", DEFAULT, 10), track("b", EU, 10)));

        allAccepted(outcomes);
        assertThat(segment.requests()).extracting(Request::url)
                .containsExactly("http://segment.test/v1/track", "http://eu.segment.test/v1/track");
        assertThat(segment.requests()).extracting(Request::messageIds)
                .containsExactly(List.of("a"), List.of("b"));
        assertThat(segment.requests().get(1).json().has("batch")).isFalse();
        assertThat(segment.requests().get(1).authorization()).isEqualTo(EU.authorization());
    }

    @Test
    void aFullBatchGoesAtOnceAndTheRestWaitsForItsAnswer() {
        segment.hold();
        List<CompletableFuture<Void>> outcomes = batcher(3, NO_TIMEOUT).submitAll(tracks(5, DEFAULT));

        // Three calls fill a request; the other two wait while it is unanswered, and their outcome with them.
        assertThat(segment.requests()).extracting(Request::messageIds).containsExactly(List.of("m0", "m1", "m2"));
        assertThat(segment.requests().get(0).url()).isEqualTo("http://segment.test/v1/batch");
        assertThat(outcomes).noneSatisfy(outcome -> assertThat(outcome).isDone());

        segment.answerHeld();

        assertThat(segment.requests()).extracting(Request::messageIds)
                .containsExactly(List.of("m0", "m1", "m2"), List.of("m3", "m4"));
        allAccepted(outcomes);
    }

    @Test
    void aLoneCallGoesAtOnceWhenNothingToItsDestinationIsUnanswered() {
        SegmentRequests batcher = batcher(100, NO_TIMEOUT);
        segment.hold();

        CompletableFuture<Void> first = batcher.submit(track("first", DEFAULT, 10));
        CompletableFuture<Void> otherDestination = batcher.submit(track("elsewhere", EU, 10));
        CompletableFuture<Void> second = batcher.submit(track("second", DEFAULT, 10));

        // "second" waits behind "first"'s unanswered request; another destination's call does not.
        assertThat(segment.requests()).extracting(Request::messageIds)
                .containsExactly(List.of("first"), List.of("elsewhere"));
        assertThat(segment.requests().get(1).url()).isEqualTo("http://eu.segment.test/v1/batch");
        assertThat(segment.requests().get(1).authorization()).isEqualTo(EU.authorization());
        assertThat(segment.requests().get(1).projects()).containsExactly("eu-shop");
        segment.answerHeld();
        assertThat(segment.requests()).extracting(Request::messageIds).last().isEqualTo(List.of("second"));
        allAccepted(List.of(first, otherDestination, second));
    }

    @Test
    void aPartialBatchHeldBackGoesAfterTheTimeoutEvenIfTheEarlierRequestIsUnanswered() {
        long timeoutMs = 300;
        SegmentRequests batcher = batcher(100, timeoutMs);
        segment.hold();
        batcher.submit(track("first", DEFAULT, 10));
        long submitted = System.nanoTime();
        batcher.submit(track("second", DEFAULT, 10));
        assertThat(segment.requests()).hasSize(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> segment.requests().size() == 2);

        assertThat(Duration.ofNanos(System.nanoTime() - submitted))
                .isGreaterThanOrEqualTo(Duration.ofMillis(timeoutMs));
        assertThat(segment.requests().get(1).messageIds()).containsExactly("second");
    }

    @Test
    void aRequestClosesBeforeSegments500KbLimit() {
        // 40 calls of about 30 KB (each under Segment's 32 KB per call) are about 1.2 MB: three requests.
        List<SegmentCall> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(track("big" + i, DEFAULT, 30_000));
        }
        List<CompletableFuture<Void>> outcomes = batcher(100, NO_TIMEOUT).submitAll(calls);

        allAccepted(outcomes);
        assertThat(segment.requests()).allSatisfy(request ->
                assertThat(request.body().length).isLessThanOrEqualTo(SegmentRequests.MAX_BATCH_BYTES));
        assertThat(segment.requests()).hasSize(3);
        assertThat(segment.requests().get(0).messageIds()).hasSize(16); // as many as fit: 17 would be over 500 KB
        assertThat(segment.requests().stream().flatMap(request -> request.messageIds().stream()))
                .containsExactlyElementsOf(calls.stream().map(SegmentCall::messageId).toList());
    }

    @Test
    void aBatchRefusedWith400IsSplitAndOnlyTheBadCallFails() {
        // Segment refuses any request that holds the bad message, and says not which one it is.
        segment.answerWith(request -> request.messageIds().contains("m2") ? 400 : 200);
        List<CompletableFuture<Void>> outcomes = batcher(10, NO_TIMEOUT).submitAll(tracks(4, DEFAULT));

        assertThat(statusOf(outcomes.get(2))).isEqualTo(400);
        allAccepted(List.of(outcomes.get(0), outcomes.get(1), outcomes.get(3)));
        assertThat(segment.requests()).extracting(Request::messageIds).containsExactly(
                List.of("m0", "m1", "m2", "m3"), List.of("m0"), List.of("m1"), List.of("m2"), List.of("m3"));
        // Each alone is still a /v1/batch request, of one message.
        assertThat(segment.requests()).extracting(Request::url).containsOnly("http://segment.test/v1/batch");
    }

    @Test
    void a400ForACallAloneIsItsOwnOutcomeAndIsNotSentAgain() {
        segment.answerWith(request -> 400);
        CompletableFuture<Void> outcome = batcher(10, NO_TIMEOUT).submit(track("bad", DEFAULT, 10));

        assertThat(statusOf(outcome)).isEqualTo(400);
        assertThat(segment.requests()).hasSize(1);
    }

    @Test
    void aBatchThatFailsWith5xxOr429FailsEachOfItsCallsWithoutSplitting() {
        SegmentRequests batcher = batcher(10, NO_TIMEOUT);
        for (int status : new int[] {503, 429}) {
            segment.answerWith(request -> status);
            List<CompletableFuture<Void>> outcomes = batcher.submitAll(tracks(3, DEFAULT));

            // Each call is retried alone later, under its own backoff (deliver-call-alone), not split here.
            assertThat(outcomes).allSatisfy(outcome -> assertThat(statusOf(outcome)).isEqualTo(status));
        }
        assertThat(segment.requests()).extracting(request -> request.messageIds().size()).containsExactly(3, 3);
    }
}
