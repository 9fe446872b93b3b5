package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Exception-type filters: only included types are forwarded, excluded ones never; filtered events are answered
 * 202 with the reason (Sentry retries anything else) and nothing reaches Segment for them.
 */
class FilteredEventsAreAcceptedWithReasonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void excludedAndNotIncludedTypesAreFilteredWithTheirReason() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.filter.includeExceptionTypes", "UserLookupError, PaymentIntentError")
                     .property("forwarder.filter.excludeExceptionTypes", "PaymentIntentError")
                     .start()) {
            assertAnswer(forwarder.post(SentryFixtures.bytes("integration-error-created.json")),
                    "{\"status\":\"filtered\",\"eventId\":\"b4e6a8c0d2f44e6a8c0e2a4c6e8a0c2e\",\"reason\":\"exception-type-excluded\"}");
            assertAnswer(forwarder.post(SentryFixtures.bytes("stored-event.json")), null);
            assertThat(JSON.readTree(forwarder.post(SentryFixtures.bytes("stored-event.json")).body())
                    .get("reason").asText()).isEqualTo("exception-type-not-included");
            assertAnswer(forwarder.post(SentryFixtures.bytes("transaction-event.json")), null);
            assertThat(JSON.readTree(forwarder.post(SentryFixtures.bytes("transaction-event.json")).body())
                    .get("reason").asText()).isEqualTo("not-an-error");

            HttpResponse<String> included = forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
            assertThat(JSON.readTree(included.body()).get("status").asText()).isEqualTo("accepted");

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1);
            assertThat(segment.calls().get(0).json().get("properties").get("exceptionType").asText())
                    .isEqualTo("UserLookupError");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> segment.calls().size() == 1);
        }
    }

    private static void assertAnswer(HttpResponse<String> answer, String expectedJson) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(202);
        if (expectedJson != null) {
            assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree(expectedJson));
        }
    }
}
