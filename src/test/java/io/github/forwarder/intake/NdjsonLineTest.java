package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body becomes one NDJSON line holding the same JSON; a body that is not UTF-8 is kept as sent. */
class NdjsonLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lineBreaksBetweenTokensBecomeSpacesAndEscapedOnesStay() throws Exception {
        String body = "{\r\n  \"a\": \"one\\ntwo\",\n  \"b\": [1,\r 2]\n}\n";

        byte[] line = NdjsonLine.of(body.getBytes(StandardCharsets.UTF_8));

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").doesNotContain("\n");
        assertThat(JSON.readTree(text)).isEqualTo(JSON.readTree(body));
        assertThat(JSON.readTree(text).get("a").asText()).isEqualTo("one\ntwo");
    }

    @Test
    void aByteOrderMarkIsDropped() {
        byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        assertThat(NdjsonLine.of(body)).isEqualTo(new byte[] {'{', '}'});
    }

    @Test
    void utf16JsonIsNoLine() {
        assertThat(NdjsonLine.of("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE))).isNull();
    }
}
