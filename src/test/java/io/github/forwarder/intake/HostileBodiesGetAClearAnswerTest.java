package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies posted to the running intake never get a 5xx or a dropped connection and never stop the process:
 * each gets 400 with a JSON error saying why, or 202 (accepted or filtered) when an event can still be read, its
 * wrongly typed fields read as absent. Afterwards a good event is still delivered, nothing Segment received is
 * over 32 KB, and nothing was dead-lettered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileBodiesGetAClearAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEEP = 20_000;

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment();

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                refused("empty", new byte[0], "body is empty"),
                refused("JSON null", text("null"), "the JSON is null, not an object"),
                refused("an array", text("[{\"event_id\":\"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b\"}]"), "the JSON is array"),
                refused("a number", text("42"), "the JSON is number"),
                refused("a string", text("\"event\""), "the JSON is string"),
                refused("broken UTF-8", bytes("{\"event_id\":\"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b\",\"message\":\"", 0xC3, 0x28, "\"}"),
                        "body is not JSON: Invalid UTF-8"),
                refused("a 0xFF byte in a string", bytes("{\"message\":\"", 0xFF, "\"}"), "body is not JSON: Invalid UTF-8"),
                refused("binary bytes", randomBytes(64 * 1024), "body is not JSON"),
                refused("NUL bytes", new byte[4096], "body is not JSON"),
                refused("20,000-deep arrays", text("[".repeat(DEEP) + "]".repeat(DEEP)),
                        "body is beyond the JSON limits: Document nesting depth (1001) exceeds the maximum allowed (1000)"),
                refused("20,000-deep objects inside an event", withRaw("extra", "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP)),
                        "nesting depth"),
                refused("a 2,000-digit number", withRaw("timestamp", "9".repeat(2000)), "body is beyond the JSON limits: Number value length"),
                refused("event_id an object", withRaw("event_id", "{\"id\":1}"), "no event_id"),
                refused("event_id a 100 KB string", withRaw("event_id", quoted("a".repeat(100_000))), "event_id is not a Sentry event id"),
                refused("integration webhook with data.error a number",
                        text("{\"action\":\"created\",\"data\":{\"error\":42}}"), "integration webhook without data.error"),
                answered("user a string", withRaw("user", "\"ada\""), "filtered", "no-user-id"),
                answered("user an array", withRaw("user", "[1,2]"), "filtered", "no-user-id"),
                answered("user.id an object", withRaw("user", "{\"id\":{\"id\":1}}"), "filtered", "no-user-id"),
                answered("user.id a number beyond a double", withRaw("user", "{\"id\":1e999}"), "filtered", "no-user-id"),
                answered("exception a number", withRaw("exception", "42"), "filtered", "not-an-error"),
                answered("exception.values a string", withRaw("exception", "{\"values\":\"ValueError\"}"), "filtered", "not-an-error"),
                answered("exception.values of numbers", withRaw("exception", "{\"values\":[1,2,3]}"), "filtered", "not-an-error"),
                answered("type an object", withRaw("type", "{\"t\":1}"), "accepted", null),
                answered("tags a string", withRaw("tags", "\"release:1\""), "accepted", null),
                answered("tags of odd pairs", withRaw("tags", "[[],[1],[null,2],[\"a\"],\"b\",3,{\"key\":[1]}]"), "accepted", null),
                answered("request a string", withRaw("request", "\"GET /\""), "accepted", null),
                answered("request.headers a number", withRaw("request", "{\"url\":\"https://x.example/\",\"headers\":7}"), "accepted", null),
                answered("request.query_string an object of arrays", withRaw("request", "{\"query_string\":{\"a\":[1,2]}}"), "accepted", null),
                answered("timestamp not a time", withRaw("timestamp", "\"yesterday\""), "accepted", null),
                answered("timestamp a number beyond a double", withRaw("timestamp", "1e999"), "accepted", null),
                answered("timestamp 1e300000000 as text", withRaw("timestamp", "\"1e300000000\""), "accepted", null),
                answered("timestamp 1e-300000000 as text", withRaw("timestamp", "\"1e-300000000\""), "accepted", null),
                answered("timestamp negative", withRaw("timestamp", "-5"), "accepted", null),
                answered("release, level and environment of other types",
                        withRaw("release", "[\"a\"]", "level", "{\"x\":1}", "environment", "false"), "accepted", null),
                answered("a lone surrogate and control characters", withRaw("transaction", "\"\\ud800\\u0000\\u0001\\n\""), "accepted", null),
                answered("a 900 KB transaction", withRaw("transaction", quoted("t".repeat(900_000))), "accepted", null),
                answered("999-deep nesting inside an event", withRaw("extra", "[".repeat(998) + "]".repeat(998)), "accepted", null));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void getsA400Or202WithAJsonAnswer(String name, byte[] body, int status, String field, String expected) throws Exception {
        HttpResponse<String> answer = RUNNING.forwarder().post(body);

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get(field).asText()).contains(expected);
    }

    @Order(2)
    @Test
    void theProcessStillDeliversAGoodEventAndNothingOversizeReachedSegment() {
        assertThat(RUNNING.forwarder().post(SentryFixtures.bytes("sdk-event-go.json")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RUNNING.segment().trackCallOf("9b2e4d6f8a0c4e1f3a5b7c9d1e3f5a7b").isPresent());
        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.forwarder().filesIn("spool").isEmpty());
        assertThat(RUNNING.segment().calls()).allSatisfy(call -> {
            assertThat(call.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32 * 1024);
            assertThat(call.json().get("type").asText()).isEqualTo("track");
        });
        assertThat(RUNNING.forwarder().filesIn("dead-letter")).isEmpty();
    }

    private static Arguments refused(String name, byte[] body, String error) {
        return Arguments.of(name, body, 400, "error", error);
    }

    private static Arguments answered(String name, byte[] body, String status, String reason) {
        return reason == null ? Arguments.of(name, body, 202, "status", status)
                : Arguments.of(name, body, 202, "reason", reason);
    }

    /** The forwardable sdk-event-modern.json with top-level fields replaced by raw JSON (name, json, ...). */
    private static byte[] withRaw(String... fieldsAndJson) {
        StringBuilder json = new StringBuilder("{");
        ObjectNode event = (ObjectNode) readTree(SentryFixtures.bytes("sdk-event-modern.json"));
        for (int i = 0; i < fieldsAndJson.length; i += 2) {
            event.remove(fieldsAndJson[i]);
            json.append(quoted(fieldsAndJson[i])).append(':').append(fieldsAndJson[i + 1]).append(',');
        }
        String rest = event.toString();
        return text(json + rest.substring(1));
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Text and raw byte values, in order. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(text(s));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(20_000).nextBytes(bytes);
        return bytes;
    }
}
