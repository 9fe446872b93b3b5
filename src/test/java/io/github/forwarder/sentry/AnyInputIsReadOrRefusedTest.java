package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.support.SentryFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the Sentry reader, for any input: it returns an event or throws InvalidSentryInputException (which
 * the intake answers with 400 and other sources dead-letter), never anything else; and every event it returns
 * passes the filter and becomes a Track message that is valid JSON of at most 32 KB.
 */
class AnyInputIsReadOrRefusedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIXTURES = List.of("sdk-event-modern.json", "service-hook-event-created.json",
            "integration-error-created.json", "webhook-plugin.json", "legacy-interfaces.json");

    private final SentryEventReader reader = new SentryEventReader(JSON);
    private final ForwardingFilter filter = new ForwardingFilter("", "", project -> true);
    private final TrackMessageBuilder builder = new TrackMessageBuilder(JSON, "0.1.0", Instant::now);

    @Property(tries = 1000)
    void arbitraryBytes(@ForAll("bytes") byte[] input) throws Exception {
        readOrRefuse(input);
    }

    @Property(tries = 1000)
    void realPayloadsCutShortOrWithAByteChanged(@ForAll("damagedFixtures") byte[] input) throws Exception {
        readOrRefuse(input);
    }

    @Property(tries = 1000)
    void sentryShapedJsonWithAnyTypeInAnyField(@ForAll("sentryShapedJson") String input) throws Exception {
        readOrRefuse(input.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 100)
    void eventsWithHugeTextsAreTrimmedIntoTheLimit(@ForAll("eventsWithHugeTexts") String input) throws Exception {
        assertThat(readOrRefuse(input.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    /** True when an event was read and shaped, false when the input was refused; fails on anything else. */
    private boolean readOrRefuse(byte[] input) throws Exception {
        SentryEvent event;
        try {
            event = reader.read(input);
        } catch (InvalidSentryInputException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return false;
        }
        filter.reasonToSkip(event);
        String message = builder.build(event);
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SegmentCalls.MAX_MESSAGE_BYTES);
        assertThat(JSON.readTree(message).get("messageId").asText()).isEqualTo("sentry-" + event.eventId());
        return true;
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    @Provide
    Arbitrary<byte[]> damagedFixtures() {
        Arbitrary<byte[]> fixture = Arbitraries.of(FIXTURES).map(SentryFixtures::bytes);
        return Combinators.combine(fixture, Arbitraries.doubles().between(0, 1), Arbitraries.bytes(), Arbitraries.of(true, false))
                .as((bytes, where, value, cut) -> {
                    int at = (int) (where * (bytes.length - 1));
                    if (cut) {
                        return java.util.Arrays.copyOf(bytes, at);
                    }
                    byte[] changed = bytes.clone();
                    changed[at] = value;
                    return changed;
                });
    }

    @Provide
    Arbitrary<String> sentryShapedJson() {
        return SentryShapedJson.documents();
    }

    @Provide
    Arbitrary<String> eventsWithHugeTexts() {
        return SentryShapedJson.eventsWithHugeTexts();
    }
}
