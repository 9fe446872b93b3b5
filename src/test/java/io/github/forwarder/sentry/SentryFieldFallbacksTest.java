package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Fields that real payloads leave unresolved or put elsewhere. */
class SentryFieldFallbacksTest {

    private final SentryEventReader reader = new SentryEventReader(new ObjectMapper());

    @Test
    void anUnresolvedAutoIpAddressIsNoAddress() {
        SentryEvent event = read("{\"event_id\":\"0123456789abcdef0123456789abcdef\","
                + "\"user\":{\"id\":\"7\",\"ip_address\":\"{{auto}}\"}}");

        assertThat(event.userIp()).isNull();
        assertThat(event.userId()).isEqualTo("7");
    }

    @Test
    void oldWebHooksPayloadsAreTimedByReceived() {
        SentryEvent event = read("{\"id\":\"77\",\"project\":\"web\",\"event\":{\"event_id\":"
                + "\"0123456789abcdef0123456789abcdef\",\"received\":1795169730.5,\"sentry.interfaces.User\":{\"id\":\"7\"}}}");

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-20T10:15:30.500Z"));
    }

    @Test
    void theEventsOwnTimeWinsOverReceived() {
        SentryEvent event = read("{\"event_id\":\"0123456789abcdef0123456789abcdef\","
                + "\"timestamp\":\"2026-11-20T10:15:30.25Z\",\"received\":1795169999}");

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-20T10:15:30.250Z"));
    }

    private SentryEvent read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
