package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * An accepted event as the intake stores it, one NDJSON line: what the intake read of it, then the input as it
 * came, {@code {"sentryForwarderRead":{...},"inputBytes":N,"input":<the event>}}. Delivery reads the first part,
 * a few hundred bytes, and never parses the event again; the input is only ever taken as bytes (a dead letter holds
 * it, as it holds any input). {@code inputBytes} says where the input starts, so it is never scanned.
 * A line of this shape that does not hold together is refused like any unreadable input.
 */
public final class StoredEventLine {

    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    private static final byte[] START = "{\"sentryForwarderRead\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT = "\"input\":".getBytes(StandardCharsets.US_ASCII);

    /** What delivery takes from a stored line: the event as the intake read it, and the input it came as. */
    public record Stored(SentryEvent event, ByteBuffer input) {
    }

    private StoredEventLine() {
    }

    /** The line for an event and its input, which must be one line of UTF-8 JSON: with its LF. */
    public static byte[] of(SentryEvent event, byte[] input) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(input.length + 512);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeFieldName("sentryForwarderRead");
            write(event, json);
            json.writeNumberField("inputBytes", input.length);
            json.flush(); // the object stays open (AUTO_CLOSE_JSON_CONTENT off): the input follows as bytes
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        line.write(',');
        line.writeBytes(INPUT);
        line.writeBytes(input);
        line.write('}');
        line.write('\n');
        return line.toByteArray();
    }

    /** Whether a document of a file or message is a stored line (its first bytes say). */
    public static boolean isStored(ByteBuffer document) {
        if (document.remaining() < START.length) {
            return false;
        }
        int at = document.position();
        for (int i = 0; i < START.length; i++) {
            if (document.get(at + i) != START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The event and input of a stored line ({@link #isStored}); InvalidSentryInputException if it does not hold. */
    public static Stored read(ByteBuffer line) {
        byte[] bytes = line.array();
        int offset = line.arrayOffset() + line.position();
        int end = offset + line.remaining();
        while (end > offset && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        try (JsonParser json = JSON.createParser(bytes, offset, end - offset)) {
            expect(json.nextToken() == JsonToken.START_OBJECT && "sentryForwarderRead".equals(json.nextFieldName())
                    && json.nextToken() == JsonToken.START_OBJECT);
            SentryEvent event = readEvent(json);
            expect("inputBytes".equals(json.nextFieldName()) && json.nextToken() == JsonToken.VALUE_NUMBER_INT);
            int inputBytes = json.getIntValue();
            int inputStart = end - 1 - inputBytes;
            expect(inputBytes > 0 && inputStart - INPUT.length > offset && bytes[end - 1] == '}'
                    && matches(bytes, inputStart - INPUT.length, INPUT));
            return new Stored(event, ByteBuffer.wrap(bytes, inputStart, inputBytes).slice());
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof InvalidSentryInputException invalid) {
                throw invalid;
            }
            throw new InvalidSentryInputException("a stored event line that does not hold together: " + unreadable);
        }
    }

    private static void write(SentryEvent event, JsonGenerator json) throws IOException {
        json.writeStartObject();
        field(json, "eventId", event.eventId());
        field(json, "type", event.type());
        field(json, "userId", event.userId());
        field(json, "userIp", event.userIp());
        field(json, "userEmail", event.userEmail());
        field(json, "userName", event.userName());
        field(json, "timestamp", event.timestamp() == null ? null : event.timestamp().toString());
        field(json, "release", event.release());
        field(json, "environment", event.environment());
        field(json, "level", event.level());
        field(json, "transaction", event.transaction());
        json.writeNumberField("exceptionCount", event.exceptionCount());
        field(json, "exceptionType", event.exceptionType());
        SentryEvent.Request request = event.request();
        if (request != null) {
            json.writeObjectFieldStart("request");
            field(json, "url", request.url());
            field(json, "method", request.method());
            field(json, "search", request.search());
            field(json, "userAgent", request.userAgent());
            field(json, "referrer", request.referrer());
            json.writeEndObject();
        }
        json.writeObjectFieldStart("project");
        field(json, "id", event.project().id());
        field(json, "slug", event.project().slug());
        field(json, "organization", event.project().organization());
        json.writeEndObject();
        field(json, "shape", event.shape().name());
        json.writeEndObject();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** The parser is on the event's START_OBJECT; it is left on its END_OBJECT. */
    private static SentryEvent readEvent(JsonParser json) throws IOException {
        Fields event = fields(json);
        SentryEvent.Request request = event.request == null ? null : new SentryEvent.Request(event.request.text("url"),
                event.request.text("method"), event.request.text("search"), event.request.text("userAgent"),
                event.request.text("referrer"));
        Fields project = event.project;
        expect(project != null && event.text("eventId") != null && event.text("shape") != null);
        SentryProject read = new SentryProject(project.text("id"), project.text("slug"), project.text("organization"));
        String timestamp = event.text("timestamp");
        try {
            return new SentryEvent(event.text("eventId"), event.text("type"), event.text("userId"),
                    event.text("userIp"), event.text("userEmail"), event.text("userName"),
                    timestamp == null ? null : Instant.parse(timestamp), event.text("release"),
                    event.text("environment"), event.text("level"), event.text("transaction"), event.exceptionCount,
                    event.text("exceptionType"), request, read.equals(SentryProject.UNKNOWN) ? SentryProject.UNKNOWN
                    : read, SentryShape.valueOf(event.text("shape")));
        } catch (DateTimeParseException | IllegalArgumentException wrong) {
            throw new InvalidSentryInputException("a stored event line that does not hold together: " + wrong);
        }
    }

    /** An object of text fields, with the two nested objects a read event has. */
    private static final class Fields {
        private final Map<String, String> texts = new HashMap<>();
        Fields request;
        Fields project;
        int exceptionCount;

        String text(String name) {
            return texts.get(name);
        }
    }

    private static Fields fields(JsonParser json) throws IOException {
        Fields fields = new Fields();
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            switch (value) {
                case VALUE_STRING -> fields.texts.put(name, json.getText());
                case VALUE_NUMBER_INT -> fields.exceptionCount = json.getIntValue();
                case START_OBJECT -> {
                    if (name.equals("request")) {
                        fields.request = fields(json);
                    } else {
                        fields.project = fields(json);
                    }
                }
                default -> expect(false);
            }
        }
        return fields;
    }

    private static boolean matches(byte[] bytes, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static void expect(boolean holds) {
        if (!holds) {
            throw new InvalidSentryInputException("a stored event line that does not hold together");
        }
    }
}
