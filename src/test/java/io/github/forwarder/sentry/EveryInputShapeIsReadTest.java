package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.SentryFixtures;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Sentry shape and field variant of README's "Inputs" reads into the right Track call or filter reason. */
class EveryInputShapeIsReadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SentryEventReader reader = new SentryEventReader(JSON);
    private final ForwardingFilter filter = new ForwardingFilter("", "", project -> true);
    private final TrackMessageBuilder builder = new TrackMessageBuilder(JSON, Manifest.VERSION,
            () -> Instant.parse("2000-01-01T00:00:00Z"));

    static Stream<Manifest.Case> cases() {
        List<Manifest.Case> ndjson = Manifest.ndjson("ndjson-backfill.ndjson");
        return Stream.concat(Manifest.documents().stream(), ndjson.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsTheEventAsSentryWouldForwardIt(Manifest.Case c) throws Exception {
        SentryEvent event = reader.read(document(c));

        assertThat(event.eventId()).isEqualTo(c.eventId());
        if (c.forwarded()) {
            assertThat(filter.reasonToSkip(event)).isNull();
            assertThat(JSON.readTree(builder.build(event))).isEqualTo(Manifest.trackCall(c));
        } else {
            assertThat(filter.reasonToSkip(event)).isEqualTo(c.expected().get("filterReason").asText());
        }
    }

    private static byte[] document(Manifest.Case c) {
        if (!c.fixture().endsWith(".ndjson")) {
            return SentryFixtures.bytes(c.fixture());
        }
        List<String> lines = SentryFixtures.text(c.fixture()).lines().filter(l -> !l.isBlank()).toList();
        return lines.get(c.line()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
