package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intake listens on every event loop, one server each on the same port, which deals out the connections: each
 * new connection gets the same answers (202 with the event id, 400 with a JSON reason, no request header echoed),
 * and every event it brings reaches Segment.
 */
class EveryConnectionIsAnsweredAlikeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than the event loops (twice the cores): every server takes several. */
    private static final int CONNECTIONS = 4 * Runtime.getRuntime().availableProcessors();

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @Test
    void eachNewConnectionIsAnsweredAndItsEventDelivered() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            HttpClient connection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // its own
            HttpResponse<String> accepted = post(connection, SentryEvents.forwardable(i));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(accepted.headers().firstValue("X-Sent-By-The-Client")).isEmpty();
            assertThat(JSON.readTree(accepted.body()).get("eventId").asText()).isEqualTo(SentryEvents.eventId(i));
            expected.add("sentry-" + SentryEvents.eventId(i));

            HttpResponse<String> refused = post(connection, "{not json".getBytes());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("body is not JSON");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> RUNNING.segment().deliveredMessageIds().containsAll(expected));
    }

    private static HttpResponse<String> post(HttpClient connection, byte[] body) throws Exception {
        return connection.send(HttpRequest.newBuilder(URI.create(RUNNING.forwarder().intakeUrl()))
                .header("Content-Type", "application/json").header("X-Sent-By-The-Client", "yes")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
