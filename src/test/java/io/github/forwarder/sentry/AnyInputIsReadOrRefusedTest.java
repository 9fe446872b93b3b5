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
 * passes the filter and becomes a Track message that is valid JSON of at most 32 KB. The read of only the parts it
 * reads gives the same answer as a read of the whole tree: the same refusal, or the same event; and it tells a body
 * that is one UTF-8 line as it is (no CR, LF, NUL or byte order mark).
 */
class AnyInputIsReadOrRefusedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIXTURES = List.of("sdk-event-modern.json", "service-hook-event-created.json",
            "integration-error-created.json", "webhook-plugin.json", "legacy-interfaces.json");
    private static final List<String> ALL_FIXTURES = List.of("error-no-user.json", "integration-error-created.json",
            "integration-event-alert.json", "legacy-interfaces.json", "message-event-no-exception.json",
            "sdk-event-browser.json", "sdk-event-elixir.json", "sdk-event-go.json", "sdk-event-modern.json",
            "sdk-event-python.json", "service-hook-event-alert.json", "service-hook-event-created.json",
            "stored-event.json", "transaction-event.json", "variant-empty-exception-values.json",
            "variant-exception-single-object.json", "variant-user-id-empty.json", "webhook-plugin.json");

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

    @Property(tries = 300)
    void fixturesWithAFieldChangedReadAsTheWholeRead(@ForAll("fixturesWithChangedFields") String input) throws Exception {
        readOrRefuse(input.getBytes(StandardCharsets.UTF_8));
    }

    /** True when an event was read and shaped, false when the input was refused; fails on anything else. */
    private boolean readOrRefuse(byte[] input) throws Exception {
        SentryEventReader.Read read = PrunedReadIsTheWholeReadTest.readAsTheWholeTree(reader, input);
        if (read == null) {
            return false;
        }
        SentryEvent event = read.event();
        boolean lineBreakOrNul = false;
        for (byte b : input) {
            lineBreakOrNul |= b == '\n' || b == '\r' || b == 0;
        }
        boolean bom = input.length >= 3 && input[0] == (byte) 0xEF && input[1] == (byte) 0xBB && input[2] == (byte) 0xBF;
        assertThat(read.oneUtf8Line()).as("one line of UTF-8 as it is").isEqualTo(!lineBreakOrNul && !bom);
        byte[] message = builder.build(event);
        assertThat(message.length).isLessThanOrEqualTo(SegmentCalls.MAX_MESSAGE_BYTES);
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

    /** Every fixture, as it is and with one of the fields the reader reads removed or given another type. */
    @Provide
    Arbitrary<String> fixturesWithChangedFields() {
        Arbitrary<String> fixture = Arbitraries.of(ALL_FIXTURES).map(SentryFixtures::text);
        Arbitrary<String> field = Arbitraries.of("\"type\"", "\"user\"", "\"id\"", "\"exception\"", "\"values\"",
                "\"project\"", "\"event\"", "\"data\"", "\"event_id\"", "\"entries\"", "\"url\"", "\"error\"",
                "\"release\"", "\"tags\"", "\"request\"", "\"headers\"", "\"timestamp\"", "\"transaction\"",
                "\"query_string\"");
        Arbitrary<String> renamed = Arbitraries.of("\"x\"", "\"type\"", "\"values\"", "\"project\"");
        return Combinators.combine(fixture, field, renamed, Arbitraries.integers().between(0, 8))
                .as((json, name, other, nth) -> {
                    int at = -1;
                    for (int i = 0; i <= nth; i++) {
                        int next = json.indexOf(name, at + 1);
                        if (next < 0) {
                            break;
                        }
                        at = next;
                    }
                    return at < 0 ? json : json.substring(0, at) + other + json.substring(at + name.length());
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
