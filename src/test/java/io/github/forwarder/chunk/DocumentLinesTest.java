package io.github.forwarder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines are cut at LF whatever the read buffer's edges, and a line over the limit is never held whole. */
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
        List<DocumentLines.Line> lines = new ArrayList<>();
        try (DocumentLines reader = new DocumentLines(new ByteArrayInputStream(
                content.getBytes(StandardCharsets.UTF_8)), maxBytes)) {
            DocumentLines.Line line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
