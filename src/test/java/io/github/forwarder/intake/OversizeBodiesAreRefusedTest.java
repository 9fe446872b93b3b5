package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body over forwarder.intake.maxBodyBytes (default 1 MiB) gets 413 with a JSON error, whether it announces its
 * length or comes chunked, and it is refused before it is read whole: a 50 MiB body is answered while most of it
 * is still unsent. A body of exactly the limit is read. The process stays up and the next good event is delivered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OversizeBodiesAreRefusedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 1024 * 1024;

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    @Order(1)
    @ParameterizedTest(name = "chunked: {0}")
    @ValueSource(booleans = {false, true})
    void aBodyOneByteOverTheLimitGets413(boolean chunked) throws Exception {
        byte[] body = paddedEvent(LIMIT + 1);

        HttpResponse<String> answer = chunked ? RUNNING.forwarder().postChunked(body) : RUNNING.forwarder().post(body);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo(
                "body is larger than 1048576 bytes (forwarder.intake.maxBodyBytes)");
    }

    @Order(2)
    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        HttpResponse<String> answer = RUNNING.forwarder().post(paddedEvent(LIMIT));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).get("status").asText()).isEqualTo("accepted");
    }

    /** Only 2 MiB of each 50 MiB body is sent: an intake that read bodies whole would never answer. */
    @Order(3)
    @ParameterizedTest(name = "chunked: {0}")
    @ValueSource(booleans = {false, true})
    void aFiftyMebibyteBodyIsRefusedBeforeItIsSent(boolean chunked) throws IOException {
        try (Socket socket = new Socket("localhost", RUNNING.forwarder().httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /sentry/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + 50 * LIMIT) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] part = new byte[64 * 1024];
            Arrays.fill(part, (byte) ' ');
            for (int sent = 0; sent < 2 * LIMIT; sent += part.length) {
                if (chunked) {
                    out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(part);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            out.flush();

            assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }

    @Order(4)
    @Test
    void theNextGoodEventIsStillDelivered() {
        assertThat(RUNNING.forwarder().post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> RUNNING.segment().trackCallOf("5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b").isPresent());
        assertThat(RUNNING.forwarder().filesIn("dead-letter")).isEmpty();
    }

    /** A real, forwardable Sentry event followed by spaces up to exactly {@code size} bytes. */
    private static byte[] paddedEvent(int size) {
        byte[] json = SentryFixtures.bytes("sdk-event-python.json");
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    private static String statusLine(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }
}
