package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.Arrivals;
import io.github.forwarder.support.SegmentStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/**
 * Calls that took their turn on time but were held up before their request was written (a cold HTTP client at
 * start, a paused JVM) leave together: on the wire they still keep to the rate in any sliding second, evenly.
 */
class HeldUpRequestsStillKeepTheRateTest {

    @Test
    void requestsLetGoAllAtOnceReachSegmentAtTheRate() throws Exception {
        int rate = 10;
        try (SegmentStandIn segment = new SegmentStandIn(); CloseableHttpClient http = pacedClient(rate)) {
            postAllAtOnce(segment, http, 3 * rate, "held");
            assertThat(Arrivals.of(segment.received()).mostInAnySecond()).isLessThanOrEqualTo(rate);
            assertThat(segment.deliveredMessageIds()).hasSize(3 * rate);
        }
    }

    /**
     * The first requests of a fresh client take longer on their way than those right behind them (measured: 55 to
     * 84 ms against 1 ms), so they reach Segment bunched: the first rate + 1 leave over 1.24 s, not 1.04 s.
     */
    @Test
    void theFirstRequestsAfterAPauseLeaveRoomForTheirSlowerWay() throws Exception {
        int rate = 10;
        try (SegmentStandIn segment = new SegmentStandIn(); CloseableHttpClient http = pacedClient(rate)) {
            postAllAtOnce(segment, http, rate + 1, "woken");
            Arrivals arrivals = Arrivals.of(segment.received());
            assertThat(Duration.between(arrivals.nth(1), arrivals.nth(rate + 1)))
                    .as("from the first to the (rate + 1)-th arrival").isGreaterThan(Duration.ofMillis(1_150));
        }
    }

    /** Posts that many Track calls, each on its own thread, all at once, and checks each was answered 200. */
    private static void postAllAtOnce(SegmentStandIn segment, CloseableHttpClient http, int count, String name)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(count);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"userId\":\"u" + i + "\",\"event\":\"" + name + "\",\"messageId\":\"" + name + "-" + i
                    + "\"}";
            answers.add(senders.submit(() -> {
                HttpPost post = new HttpPost(segment.baseUrl() + "/v1/track");
                post.setHeader("Authorization", "Basic dGVzdDo=");
                post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                return http.execute(post, response -> response.getCode());
            }));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        senders.shutdown();
    }

    @Test
    void otherRequestsOfTheApplicationAreNotPaced() throws Exception {
        HttpClientBuilder builder = HttpClientBuilder.create();
        new SegmentSendPacing(() -> 1).configureHttpClient(builder);
        try (SegmentStandIn segment = new SegmentStandIn(); CloseableHttpClient http = builder.build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                HttpPost post = new HttpPost(segment.baseUrl() + "/v1/unknown-path");
                post.setHeader("Authorization", "Basic dGVzdDo=");
                http.execute(post, response -> response.getCode());
            }
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms for 5 calls at a rate of 1").isLessThan(1000);
        }
    }

    /** An HttpClient with the wire guard, and connections enough that no request waits for one. */
    private static CloseableHttpClient pacedClient(int rate) {
        HttpClientBuilder builder = HttpClientBuilder.create().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(50).setMaxConnTotal(50).build());
        new SegmentSendPacing(() -> rate).configureHttpClient(builder);
        return builder.build();
    }
}
