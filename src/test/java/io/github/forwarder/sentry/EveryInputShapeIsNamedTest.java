package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.SentryFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reader names the payload each event came in (the shape label of forwarder_events_received_total). */
class EveryInputShapeIsNamedTest {

    private final SentryEventReader reader = new SentryEventReader(new ObjectMapper());

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "sdk-event-modern.json, event",
        "stored-event.json, event",
        "legacy-interfaces.json, event",
        "webhook-plugin.json, webhook-plugin",
        "service-hook-event-created.json, service-hook",
        "service-hook-event-alert.json, service-hook",
        "integration-error-created.json, integration-error",
        "integration-event-alert.json, integration-event-alert",
    })
    void namesTheShape(String fixture, String shape) {
        assertThat(reader.read(SentryFixtures.bytes(fixture)).shape().label()).isEqualTo(shape);
    }
}
