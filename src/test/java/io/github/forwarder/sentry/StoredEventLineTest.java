package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.SentryFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the intake stores of an accepted event is what delivery takes back: the same event as read, and the input
 * byte for byte, from anywhere in a file; a line of that shape that does not hold together is refused, not guessed.
 */
class StoredEventLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SentryEventReader reader = new SentryEventReader(JSON);

    static Stream<String> samples() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/sentry"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .filter(name -> !name.equals("manifest.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aStoredLineGivesBackTheEventAsReadAndItsInput(String sample) throws Exception {
        byte[] input = oneLine(SentryFixtures.bytes(sample));
        SentryEvent read;
        try {
            read = reader.read(input);
        } catch (InvalidSentryInputException notAnEvent) {
            return; // the samples of refused input are never stored
        }
        byte[] line = lineOf(read, input);

        // in a file, after other lines: the line is a view into it
        byte[] file = concat("{\"earlier\":\"line\"}\n".getBytes(StandardCharsets.UTF_8), line);
        ByteBuffer document = ByteBuffer.wrap(file, file.length - line.length, line.length - 1).slice();
        assertThat(StoredEventLine.isStored(document)).isTrue();
        StoredEventLine.Stored stored = StoredEventLine.read(document);

        assertThat(stored.event()).isEqualTo(read);
        assertThat(bytes(stored.input())).isEqualTo(input);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        assertThat(new String(line, StandardCharsets.UTF_8).strip()).doesNotContain("\n");
        JsonNode whole = JSON.readTree(line);
        assertThat(whole.get("input")).isEqualTo(JSON.readTree(input));
    }

    @Test
    void aSentryEventIsNotAStoredLine() {
        assertThat(StoredEventLine.isStored(ByteBuffer.wrap(SentryFixtures.bytes("sdk-event-modern.json"))))
                .isFalse();
        assertThat(StoredEventLine.isStored(ByteBuffer.wrap(new byte[] {'{', '}'}))).isFalse();
    }

    @Test
    void aStoredLineThatDoesNotHoldTogetherIsRefused() {
        byte[] input = oneLine(SentryFixtures.bytes("sdk-event-modern.json"));
        String line = new String(lineOf(reader.read(input), input), StandardCharsets.UTF_8).strip();

        for (String broken : new String[] {
                line.substring(0, line.length() - 40), // cut short
                line.replace("\"inputBytes\":" + input.length, "\"inputBytes\":" + (input.length + 7)),
                line.replace("\"shape\":\"EVENT\"", "\"shape\":\"NO_SUCH_SHAPE\""),
                line.replace("\"eventId\":", "\"eventID\":"),
                "{\"sentryForwarderRead\":[]}"}) {
            assertThatThrownBy(() -> StoredEventLine.read(ByteBuffer.wrap(broken.getBytes(StandardCharsets.UTF_8))))
                    .as(broken).isInstanceOf(InvalidSentryInputException.class)
                    .hasMessageStartingWith("a stored event line that does not hold together");
        }
    }

    private static byte[] oneLine(byte[] json) {
        byte[] line = json.clone();
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n' || line[i] == '\r') {
                line[i] = ' ';
            }
        }
        return line;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The line as the spool writes it: its parts one after the other. */
    private static byte[] lineOf(SentryEvent event, byte[] input) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (byte[] part : StoredEventLine.parts(event, input)) {
            line.writeBytes(part);
        }
        return line.toByteArray();
    }
}
