package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.SentryFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The reader builds only the parts of a payload that {@link EventFields} names, and a part it reads that the schema
 * lacks would read as absent. So every sample payload, and payloads of every shape with each field the reader
 * reads in each form Sentry sends it, read as a tree of the whole document reads them: the same event, or the same
 * refusal. Also when the document is a line inside a larger buffer, as NDJSON files are read.
 */
class PrunedReadIsTheWholeReadTest {

    private final SentryEventReader reader = new SentryEventReader(new ObjectMapper());

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everySampleReadsAsTheWholeTree(@ForAll("samples") String sample) {
        readAsTheWholeTree(reader, sample.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void payloadsOfEveryShapeReadAsTheWholeTree(@ForAll("payloadsOfEveryShape") String payload) {
        readAsTheWholeTree(reader, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Jackson refuses a string over its limit only when it reads it, and the pruned read skips most strings. */
    @Example
    void aStringOverJacksonsLimitIsRefusedAlsoWhereItIsSkipped() {
        byte[] input = ("{\"event_id\":\"0123456789abcdef0123456789abcdef\",\"breadcrumbs\":\""
                + "x".repeat(20_000_001) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.readBody(input)).isInstanceOf(InvalidSentryInputException.class)
                .hasMessageStartingWith("body is beyond the JSON limits: String value length");
    }

    /** The read of the input, after checking it is the whole tree's read; null when both refuse it alike. */
    static SentryEventReader.Read readAsTheWholeTree(SentryEventReader reader, byte[] input) {
        SentryEvent whole;
        try {
            whole = reader.readWhole(input);
        } catch (InvalidSentryInputException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThatThrownBy(() -> reader.readBody(input)).isInstanceOf(InvalidSentryInputException.class)
                    .hasMessage(refused.getMessage());
            assertThatThrownBy(() -> reader.read(inLargerBuffer(input))).isInstanceOf(
                    InvalidSentryInputException.class).hasMessage(refused.getMessage());
            return null;
        }
        SentryEventReader.Read read = reader.readBody(input);
        assertThat(read.event()).isEqualTo(whole);
        assertThat(reader.read(inLargerBuffer(input))).isEqualTo(whole);
        return read;
    }

    private static ByteBuffer inLargerBuffer(byte[] input) {
        byte[] larger = new byte[input.length + 4];
        larger[0] = '[';
        larger[1] = '\n';
        System.arraycopy(input, 0, larger, 2, input.length);
        larger[larger.length - 2] = '\n';
        larger[larger.length - 1] = ']';
        return ByteBuffer.wrap(larger, 2, input.length).slice();
    }

    /** Every payload under src/test/resources/sentry: each JSON file, and each line of each NDJSON file. */
    @Provide
    Arbitrary<String> samples() throws URISyntaxException, IOException {
        Path folder = Path.of(SentryFixtures.class.getResource("/sentry").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> samples = files.map(file -> file.getFileName().toString()).sorted().flatMap(name ->
                    name.endsWith(".json") ? Stream.of(SentryFixtures.text(name))
                            : name.endsWith(".ndjson") ? SentryFixtures.text(name).lines().filter(l -> !l.isBlank())
                            : Stream.empty()).toList();
            assertThat(samples).hasSizeGreaterThan(20);
            return Arbitraries.of(samples);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Provide
    Arbitrary<String> payloadsOfEveryShape() {
        return SentryShapedJson.payloadsOfEveryShape();
    }
}
