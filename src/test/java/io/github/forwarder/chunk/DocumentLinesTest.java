package io.github.forwarder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines are cut at every LF and only there, whatever the read buffer's edges and the bytes around it, and a line
 * over the limit is never held whole.
 */
class DocumentLinesTest {

    @Test
    void linesAcrossTheReadBufferKeepEveryByte() throws IOException {
        String a = "a".repeat(70_000);
        String b = "b".repeat(130_000);
        List<DocumentLines.Line> lines = read(a + "\r\n\n" + b, 200_000);
        assertThat(lines).extracting(line -> new String(line.bytes(), StandardCharsets.UTF_8))
                .containsExactly(a + "\r", "", b);
        assertThat(lines).extracting(DocumentLines.Line::number).containsExactly(1L, 2L, 3L);
        assertThat(lines).extracting(DocumentLines.Line::endsWithNewline).containsExactly(true, true, false);
    }

    @Test
    void everyLfIsFoundWhateverItsPlaceAndTheBytesAroundIt() throws IOException {
        // bytes a scan of eight at a time could take for an LF: its neighbours, zero, and bytes with the high bit
        byte[] alphabet = {'\n', '\n' - 1, '\n' + 1, 0, (byte) 0x8a, (byte) 0xff, (byte) 0x80, 'a', '{', '"'};
        Random random = new Random(21);
        for (int round = 0; round < 2_000; round++) {
            byte[] content = new byte[random.nextInt(40)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            List<String> expected = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < content.length; i++) {
                if (content[i] == '\n') {
                    expected.add(new String(content, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            if (start < content.length) {
                expected.add(new String(content, start, content.length - start, StandardCharsets.ISO_8859_1));
            }
            assertThat(read(content, 100)).extracting(line -> new String(line.bytes(), StandardCharsets.ISO_8859_1))
                    .as("lines of %s", Arrays.toString(content)).isEqualTo(expected);
        }
    }

    @Test
    void aLineOverTheLimitKeepsOnlyItsStartAndItsLength() throws IOException {
        String longLine = "x".repeat(100_001);
        List<DocumentLines.Line> lines = read("{}\n" + longLine + "\n" + "y".repeat(100_000) + "\n", 100_000);
        assertThat(lines).extracting(DocumentLines.Line::oversize).containsExactly(false, true, false);
        DocumentLines.Line over = lines.get(1);
        assertThat(over.length()).isEqualTo(100_001);
        assertThat(over.bytes()).hasSize(DocumentLines.OVERSIZE_START);
        assertThat(lines.get(2).bytes()).hasSize(100_000);
    }

    @Test
    void anEmptyContentHasNoLines() throws IOException {
        assertThat(read("", 10)).isEmpty();
        assertThat(read("\n", 10)).hasSize(1).allSatisfy(line -> assertThat(line.isBlank()).isTrue());
    }

    private static List<DocumentLines.Line> read(String content, int maxBytes) throws IOException {
        return read(content.getBytes(StandardCharsets.UTF_8), maxBytes);
    }

    private static List<DocumentLines.Line> read(byte[] content, int maxBytes) throws IOException {
        List<DocumentLines.Line> lines = new ArrayList<>();
        try (DocumentLines reader = new DocumentLines(new ByteArrayInputStream(content), maxBytes)) {
            DocumentLines.Line line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
