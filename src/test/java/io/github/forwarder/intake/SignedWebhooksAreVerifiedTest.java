package io.github.forwarder.intake;

import static io.github.forwarder.support.SentrySigner.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With sentry.webhookSecret set, a request gets in only when its Sentry-Hook-Signature (integration platform) or
 * X-ServiceHook-Signature (service hook) is the HMAC-SHA256 of its exact body bytes under one of the secrets.
 * A missing or wrong signature gets 401 with a JSON error, and nothing of it reaches the spool, Segment or the
 * dead-letter store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedWebhooksAreVerifiedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTEGRATION_SECRET = "it-secret-5d1c9e0b7a3f4e2d8c6b1a0f9e8d7c6b";
    private static final String SERVICE_HOOK_SECRET = "sh-secret-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
    private static final String REFUSED = "sdk-event-modern.json";
    private static final String INTEGRATION_EVENT = "integration-error-created.json";
    private static final String SERVICE_HOOK_EVENT = "service-hook-event-created.json";

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment()
            .property("sentry.webhookSecret", INTEGRATION_SECRET + "," + SERVICE_HOOK_SECRET);

    static Stream<Arguments> refusedRequests() {
        byte[] body = SentryFixtures.bytes(REFUSED);
        byte[] compacted = compact(body);
        return Stream.of(
                Arguments.of("no signature", new String[0], "no Sentry-Hook-Signature or X-ServiceHook-Signature"),
                Arguments.of("an empty signature", new String[] {"Sentry-Hook-Signature", ""}, "no Sentry-Hook-Signature"),
                Arguments.of("signed with another secret",
                        new String[] {"Sentry-Hook-Signature", sign("not-the-secret", body)}, "does not match"),
                // Sentry signs the bytes it sends; the same JSON written differently is another body.
                Arguments.of("the signature of the same JSON written compactly",
                        new String[] {"Sentry-Hook-Signature", sign(INTEGRATION_SECRET, compacted)}, "does not match"),
                Arguments.of("a service hook signature that is not hex",
                        new String[] {"X-ServiceHook-Signature", "zz" + sign(SERVICE_HOOK_SECRET, body).substring(2)},
                        "does not match"),
                Arguments.of("a truncated signature",
                        new String[] {"X-ServiceHook-Signature", sign(SERVICE_HOOK_SECRET, body).substring(0, 32)},
                        "does not match"),
                Arguments.of("a token instead of a signature, with no token configured",
                        new String[] {"Authorization", "Bearer " + INTEGRATION_SECRET}, "no Sentry-Hook-Signature"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusesAMissingOrWrongSignatureWith401(String name, String[] headers, String reason) throws Exception {
        HttpResponse<String> answer = RUNNING.forwarder().post(SentryFixtures.bytes(REFUSED), headers);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).contains(reason);
        assertThat(answer.body()).doesNotContain(INTEGRATION_SECRET).doesNotContain(SERVICE_HOOK_SECRET);
        assertThat(RUNNING.forwarder().filesIn("spool")).isEmpty();
    }

    @Order(2)
    @Test
    void anIntegrationWebhookSignedOverItsExactBytesGetsIn() {
        byte[] body = SentryFixtures.bytes(INTEGRATION_EVENT);

        HttpResponse<String> answer = RUNNING.forwarder().post(body, "Sentry-Hook-Resource", "error",
                "Sentry-Hook-Signature", sign(INTEGRATION_SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().trackCallOf("b4e6a8c0d2f44e6a8c0e2a4c6e8a0c2e").isPresent());
    }

    @Order(3)
    @Test
    void aServiceHookSignedWithItsOwnSecretGetsIn() {
        byte[] body = SentryFixtures.bytes(SERVICE_HOOK_EVENT);

        HttpResponse<String> answer = RUNNING.forwarder().post(body, "X-ServiceHook-Signature", sign(SERVICE_HOOK_SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().trackCallOf("e5b7c9d1f3a54b6d8e0f2a4c6e8b0d2f").isPresent());
    }

    @Order(4)
    @Test
    void nothingRefusedReachedSegmentOrTheDeadLetters() {
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.forwarder().filesIn("spool").isEmpty());

        assertThat(RUNNING.segment().calls()).extracting(r -> r.json().get("messageId").asText())
                .containsExactlyInAnyOrder("sentry-b4e6a8c0d2f44e6a8c0e2a4c6e8a0c2e", "sentry-e5b7c9d1f3a54b6d8e0f2a4c6e8b0d2f");
        assertThat(RUNNING.forwarder().filesIn("dead-letter")).isEmpty();
    }

    private static byte[] compact(byte[] json) {
        try {
            return JSON.writeValueAsBytes(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
