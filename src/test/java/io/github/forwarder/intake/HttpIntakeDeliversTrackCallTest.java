package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Sentry event posted to the HTTP intake reaches Segment as the exact Track call README's "The Track call" describes. */
class HttpIntakeDeliversTrackCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @Test
    void postsTheTrackCallWithBasicAuthOfTheWriteKey() throws Exception {
        HttpResponse<String> answer = RUNNING.forwarder().post(SentryFixtures.bytes("sdk-event-modern.json"));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree(
                "{\"status\":\"accepted\",\"eventId\":\"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b\"}"));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");

        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().received().size() == 1);
        SegmentStandIn.Received request = RUNNING.segment().received().get(0);
        // the default segment.batch.size batches: a lone event leaves at once, as a batch of one
        assertThat(request.path()).isEqualTo("/v1/batch");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((SegmentStandIn.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.messages()).singleElement().isEqualTo(JSON.readTree("""
                {
                  "type": "track",
                  "messageId": "sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b",
                  "userId": "1",
                  "event": "Error Captured",
                  "timestamp": "2026-11-20T10:15:30.250Z",
                  "properties": {"eventId": "5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b",
                                 "transaction": "GET /api/0/users/:user/", "release": "web@2.4.1",
                                 "level": "error", "environment": "production", "exceptionType": "UserLookupError"},
                  "context": {"library": {"name": "sentry", "version": "0.1.0"}, "ip": "203.0.113.7",
                              "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                              "page": {"url": "https://shop.example.com/api/0/users/1/", "method": "GET",
                                       "search": "page=2&sort=asc", "referrer": "https://shop.example.com/"}},
                  "integration": {"name": "sentry", "version": "0.1.0"}
                }"""));
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.forwarder().filesIn("spool").isEmpty());
    }
}
