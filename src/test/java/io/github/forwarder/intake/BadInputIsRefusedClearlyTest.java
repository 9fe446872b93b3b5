package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Input that is not JSON or holds no Sentry event gets 400 with a JSON error; the next good event still goes. */
class BadInputIsRefusedClearlyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                   | Sentry event here               | body is not JSON
            empty body                 | ''                              | body is empty
            JSON null                  | null                            | no Sentry event inside
            JSON array                 | [1,2,3]                         | no Sentry event inside
            object without event       | {"hello":"world"}               | no Sentry event inside: no event_id
            event id that is no id     | {"event_id":"../../etc/passwd"} | event_id is not a Sentry event id
            integration without event  | {"action":"created","installation":{"uuid":"x"},"data":{"issue":{}}} | integration webhook without data.error or data.event
            truncated JSON             | {"event_id": "5f2c                | body is not JSON
            two events in one body     | {"event_id":"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b","user":{"id":"1"},"exception":{"values":[{"type":"A"}]}} {"event_id":"6f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b","user":{"id":"2"},"exception":{"values":[{"type":"B"}]}} | body holds more than one JSON value
            an event and then text     | {"event_id":"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b","user":{"id":"1"},"exception":{"values":[{"type":"A"}]}} trailing | body is not JSON
            """)
    void answers400WithAJsonReason(String name, String body, String reason) throws Exception {
        HttpResponse<String> answer = RUNNING.forwarder().post(body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).contains(reason);
    }

    @Test
    void theNextGoodEventIsStillDelivered() {
        RUNNING.forwarder().post("{{{".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> good = RUNNING.forwarder().post(SentryFixtures.bytes("sdk-event-modern.json"));

        assertThat(good.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().calls().stream()
                .anyMatch(r -> r.json().get("messageId").asText().equals("sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b")));
        assertThat(RUNNING.forwarder().filesIn("dead-letter")).isEmpty();
    }
}
