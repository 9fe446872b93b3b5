package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.TestRoutes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests to one Segment write key never exceed forwarder.throttle.rate in any 1-second window (sliding, not only
 * aligned seconds), retries and batch requests included; a backlog keeps moving, and nothing over the rate is
 * dropped.
 */
class ThrottleHoldsTheRateTest {

    private static final int WARM_UP_EVENT = 1000;

    /** A backlog of about four seconds at each rate: 1,000/s is fed through the sink, which carries it on 2 cores. */
    @ParameterizedTest(name = "rate {0}")
    @ValueSource(ints = {10, 200, 1000})
    void aBacklogMovesAtTheRateAndNeverAbove(int rate) {
        int calls = 4 * rate;
        // one request per call (not the default batches): the backlog is then one of requests, which the rate counts
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                     .property("orders.segment.writeKey", "orders-wk-0a1b2c3d4e5f6789")
                     .property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", rate).start()) {
            warmUp(forwarder);
            // The backlog is queued at 1/s and then the rate under test is set: at 1,000/s this test's own sending
            // could not stay ahead of the forwarder on 2 shared cores.
            SegmentRateLimit rateLimit = forwarder.context().getRegistry()
                    .lookupByNameAndType("segmentRateLimit", SegmentRateLimit.class);
            rateLimit.setRate(1);
            List<CompletableFuture<Exchange>> sent = sendTrackCalls(forwarder, calls);
            rateLimit.setRate(rate);
            Instant backlogged = Instant.now();
            assertThat(rateLimit.waiting()).as("calls waiting for the rate").isGreaterThan(3 * rate);

            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(sent).allSatisfy(call -> assertThat(call.join().getException()).isNull());
            Arrivals arrivals = Arrivals.of(measured(segment));
            assertNeverOverTheRate(arrivals, rate);
            // The limiter lets a backlog go at 96% of the rate; how close it comes is a figure for the benchmark
            // (bench/run.sh, throttle scenario), not for a timed test on a shared machine. This only proves it moves:
            // at 1,000 single calls a second the forwarder's own work per call, not the limiter, bounds 2 cores.
            assertThat(arrivals.perSecondSince(backlogged)).isGreaterThanOrEqualTo(Math.min(0.5 * rate, 100));
            assertThat(segment.deliveredMessageIds()).hasSize(calls + 1).doesNotHaveDuplicates();
        }
    }

    @Test
    void aBurstOfSentryEventsWaitsAndIsNotDropped() {
        int rate = 10;
        int events = 35;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.throttle.rate", rate).start()) {
            forwarder.post(SentryEvents.forwardable(WARM_UP_EVENT));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);
            for (int i = 0; i < events; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() == events + 1);
            Arrivals arrivals = Arrivals.of(measured(segment));
            assertNeverOverTheRate(arrivals, rate);
            assertThat(segment.deliveredMessageIds()).hasSize(events + 1).doesNotHaveDuplicates();
        }
    }

    @Test
    void retriesCountAgainstTheRate() {
        int rate = 10;
        int events = 20;
        int failures = 15;
        // one request per call and per retry (not the default batches), so that their number is known
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(-1)
                     .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                     .property("orders.segment.writeKey", "orders-wk-0a1b2c3d4e5f6789")
                     .property("segment.batch.size", 1)
                     .property("forwarder.throttle.rate", rate).start()) {
            warmUp(forwarder);
            for (int i = 0; i < failures; i++) {
                segment.answerNext(SegmentStandIn.Answer.status(503));
            }
            List<CompletableFuture<Exchange>> sent = sendTrackCalls(forwarder, events);

            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(segment.received()).hasSize(1 + events + failures);
            Arrivals arrivals = Arrivals.of(measured(segment));
            assertNeverOverTheRate(arrivals, rate);
            assertThat(segment.deliveredMessageIds()).hasSize(events + 1).doesNotHaveDuplicates();
        }
    }

    @Test
    void batchRequestsCountAgainstTheRate() {
        int rate = 5;
        int batchSize = 3;
        int calls = 60;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
                     .property("orders.segment.writeKey", "orders-wk-0a1b2c3d4e5f6789")
                     .property("segment.batch.size", batchSize)
                     .property("forwarder.throttle.rate", rate).start()) {
            warmUp(forwarder);
            List<CompletableFuture<Exchange>> sent = sendTrackCalls(forwarder, calls);

            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(segment.received()).allSatisfy(request -> assertThat(request.path()).isEqualTo("/v1/batch"));
            Arrivals arrivals = Arrivals.of(measured(segment));
            assertNeverOverTheRate(arrivals, rate);
            assertThat(segment.deliveredMessageIds()).hasSize(calls + 1).doesNotHaveDuplicates();
        }
    }

    /** The requests after the warm-up. */
    private static List<SegmentStandIn.Received> measured(SegmentStandIn segment) {
        return segment.received().stream().filter(request -> request.messages().stream().noneMatch(message ->
                message.path("messageId").asText().matches("warm-up-.*|sentry-" + SentryEvents.eventId(WARM_UP_EVENT))))
                .toList();
    }

    private static void assertNeverOverTheRate(Arrivals arrivals, int rate) {
        assertThat(arrivals.busiestSecond().count())
                .as("busiest second %s; the shortest span of %d requests %s", arrivals.busiestSecond(), rate + 1,
                        arrivals.shortestSpanOf(rate + 1))
                .isLessThanOrEqualTo(rate);
    }

    /**
     * One call delivered before the measured ones, and left out of them: the first request of a fresh JVM can take
     * seconds (class loading, a first connection), and calls let go behind it would then arrive together.
     */
    private static void warmUp(RunningForwarder forwarder) {
        CompletableFuture<Exchange> first = sendTrackCalls(forwarder, 1, "warm-up").get(0);
        assertThat(first.orTimeout(20, TimeUnit.SECONDS).join().getException()).isNull();
    }

    /** Track calls through the segment-sink, as a user's route sends them; each future completes once delivered. */
    static List<CompletableFuture<Exchange>> sendTrackCalls(RunningForwarder forwarder, int count) {
        return sendTrackCalls(forwarder, count, "rate");
    }

    static List<CompletableFuture<Exchange>> sendTrackCalls(RunningForwarder forwarder, int count,
            String idPrefix) {
        try {
            Endpoint endpoint = forwarder.context().getEndpoint("direct:send-segment-call");
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            List<CompletableFuture<Exchange>> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setHeader("segmentCall", "track");
                exchange.getMessage().setBody("{\"userId\":\"u" + i + "\",\"event\":\"Rate Tested\",\"messageId\":\""
                        + idPrefix + "-" + i + "\"}");
                sent.add(producer.processAsync(exchange));
            }
            return sent;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
