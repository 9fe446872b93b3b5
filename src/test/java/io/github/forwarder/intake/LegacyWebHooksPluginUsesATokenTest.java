package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The legacy WebHooks plugin cannot sign. With sentry.webhookToken set it gets in with the token in its URL
 * ({@code ?token=}); other unsigned senders may send {@code Authorization: Bearer}. A wrong or missing token gets
 * 401 and is not forwarded, whether or not a signing secret is set too.
 */
class LegacyWebHooksPluginUsesATokenTest {

    private static final String TOKEN = "tok-7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b";
    private static final String PLUGIN_EVENT = "webhook-plugin.json";
    private static final String PLUGIN_EVENT_ID = "c81d4e2f9a6b4c0d8e3f1a2b3c4d5e6f";

    @ParameterizedTest(name = "with sentry.webhookSecret ''{0}''")
    @CsvSource({"sign-secret-1a2b3c4d5e6f7a8b", "''"})
    void theTokenInTheUrlLetsThePluginIn(String secret) {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = tokenGuarded(segment, secret)) {
            byte[] body = SentryFixtures.bytes(PLUGIN_EVENT);

            assertThat(forwarder.postWithQuery("?token=wrong-" + TOKEN, body).statusCode()).isEqualTo(401);
            assertThat(forwarder.postWithQuery("?tok=" + TOKEN, body).statusCode()).isEqualTo(401);
            assertThat(forwarder.post(body).statusCode()).isEqualTo(401);
            HttpResponse<String> accepted = forwarder.postWithQuery("?token=" + TOKEN, body);

            assertThat(accepted.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1);
            assertThat(segment.calls().get(0).json().get("messageId").asText()).isEqualTo("sentry-" + PLUGIN_EVENT_ID);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> segment.calls().size() == 1);
            assertThat(forwarder.filesIn("dead-letter")).isEmpty();
        }
    }

    @Test
    void aBearerTokenLetsOtherUnsignedSendersIn() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = tokenGuarded(segment, "sign-secret-1a2b3c4d5e6f7a8b")) {
            byte[] body = SentryFixtures.bytes("sdk-event-modern.json");

            assertThat(forwarder.post(body, "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(forwarder.post(body, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1);
            assertThat(segment.calls().get(0).json().get("messageId").asText())
                    .isEqualTo("sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b");
        }
    }

    private static RunningForwarder tokenGuarded(SegmentStandIn segment, String secret) {
        return RunningForwarder.with().segment(segment)
                .property("sentry.webhookSecret", secret).property("sentry.webhookToken", TOKEN).start();
    }
}
