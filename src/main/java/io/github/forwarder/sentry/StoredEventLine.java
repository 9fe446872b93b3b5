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

/**
 * An accepted event as the intake stores it, one NDJSON line: what the intake read of it, then the input as it
 * came, {@code {"sentryForwarderRead":{...},"inputBytes":N,"input":<the event>}}. Delivery reads the first part,
 * a few hundred bytes, and never parses the event again; the input is only ever taken as bytes (a dead letter holds
 * it, as it holds any input). {@code inputBytes} says where the input starts, so it is never scanned.
 * A line of this shape that does not hold together is refused like any unreadable input.
 */
public final class StoredEventLine {

    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    /** The field of what the intake read; its first bytes tell a stored line. */
    private static final String READ = "sentryForwarderRead";
    private static final byte[] START = ("{\"" + READ + "\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INPUT = "\"input\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = {'}', '\n'};

    /** What delivery takes from a stored line: the event as the intake read it, and the input it came as. */
    public record Stored(SentryEvent event, ByteBuffer input) {
    }

    private StoredEventLine() {
    }

    /**
     * The line for an event and its input (one line of UTF-8 JSON), with its LF, in three parts, the input itself
     * the second, so that a store writes them one after the other and the input is never copied into a line.
     */
    public static byte[][] parts(SentryEvent event, byte[] input) {
        ByteArrayOutputStream read = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(read)) {
            json.writeStartObject();
            json.writeFieldName(READ);
            write(event, json);
            json.writeNumberField("inputBytes", input.length);
            json.flush(); // the object stays open (AUTO_CLOSE_JSON_CONTENT off): the input follows as bytes
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        read.write(',');
        read.writeBytes(INPUT);
        return new byte[][] {read.toByteArray(), input, END};
    }

    /** The bytes of a line in parts. */
    public static int length(byte[][] parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        return length;
    }

    /** Whether a document of a file or message is a stored line (its first bytes say). */
    public static boolean isStored(ByteBuffer document) {
        return document.remaining() >= START.length
                && matches(document.array(), document.arrayOffset() + document.position(), START);
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
            expect(json.nextToken() == JsonToken.START_OBJECT && READ.equals(json.nextFieldName())
                    && json.nextToken() == JsonToken.START_OBJECT);
            SentryEvent event = readEvent(json);
            expect("inputBytes".equals(json.nextFieldName()) && json.nextToken() == JsonToken.VALUE_NUMBER_INT);
            int inputBytes = json.getIntValue();
            int inputStart = end - 1 - inputBytes;
            expect(inputBytes > 0 && inputStart - INPUT.length > offset && bytes[end - 1] == '}'
                    && matches(bytes, inputStart - INPUT.length, INPUT));
            return new Stored(event, ByteBuffer.wrap(bytes, inputStart, inputBytes).slice());
        } catch (InvalidSentryInputException invalid) {
            throw invalid;
        } catch (IOException | RuntimeException unreadable) { // a wrong token, name or number
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
        if (event.timestamp() != null) { // as numbers: an ISO text costs more to parse than the rest together
            json.writeNumberField("epochSecond", event.timestamp().getEpochSecond());
            json.writeNumberField("nano", event.timestamp().getNano());
        }
        field(json, "release", event.release());
        field(json, "environment", event.environment());
        field(json, "level", event.level());
        field(json, "transaction", event.transaction());
        json.writeNumberField("exceptionCount", event.exceptionCount());
        field(json, "exceptionType", event.exceptionType());
        SentryEvent.Request request = event.request();
        if (request != null) {
            json.writeArrayFieldStart("request");
            for (String text : new String[] {request.url(), request.method(), request.search(), request.userAgent(),
                    request.referrer()}) {
                json.writeString(text);
            }
            json.writeEndArray();
        }
        SentryProject project = event.project();
        json.writeArrayFieldStart("project");
        for (String text : new String[] {project.id(), project.slug(), project.organization()}) {
            json.writeString(text);
        }
        json.writeEndArray();
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
        String eventId = null;
        String type = null;
        String userId = null;
        String userIp = null;
        String userEmail = null;
        String userName = null;
        long epochSecond = 0;
        long nano = -1;
        String release = null;
        String environment = null;
        String level = null;
        String transaction = null;
        int exceptionCount = 0;
        String exceptionType = null;
        SentryEvent.Request request = null;
        SentryProject project = null;
        SentryShape shape = null;
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            json.nextToken();
            switch (name) {
                case "eventId" -> eventId = json.getValueAsString();
                case "type" -> type = json.getValueAsString();
                case "userId" -> userId = json.getValueAsString();
                case "userIp" -> userIp = json.getValueAsString();
                case "userEmail" -> userEmail = json.getValueAsString();
                case "userName" -> userName = json.getValueAsString();
                case "epochSecond" -> epochSecond = json.getLongValue();
                case "nano" -> nano = json.getLongValue();
                case "release" -> release = json.getValueAsString();
                case "environment" -> environment = json.getValueAsString();
                case "level" -> level = json.getValueAsString();
                case "transaction" -> transaction = json.getValueAsString();
                case "exceptionCount" -> exceptionCount = json.getIntValue();
                case "exceptionType" -> exceptionType = json.getValueAsString();
                case "request" -> {
                    String[] texts = texts(json, 5);
                    request = new SentryEvent.Request(texts[0], texts[1], texts[2], texts[3], texts[4]);
                }
                case "project" -> {
                    String[] texts = texts(json, 3);
                    project = texts[0] == null && texts[1] == null && texts[2] == null ? SentryProject.UNKNOWN
                            : new SentryProject(texts[0], texts[1], texts[2]);
                }
                case "shape" -> shape = SentryShape.valueOf(json.getValueAsString());
                default -> expect(false);
            }
        }
        expect(eventId != null && project != null && shape != null);
        return new SentryEvent(eventId, type, userId, userIp, userEmail, userName,
                nano < 0 ? null : Instant.ofEpochSecond(epochSecond, nano), release, environment, level, transaction,
                exceptionCount, exceptionType, request, project, shape);
    }

    /** An array of texts or nulls, of the given length. */
    private static String[] texts(JsonParser json, int length) throws IOException {
        expect(json.currentToken() == JsonToken.START_ARRAY);
        String[] texts = new String[length];
        for (int i = 0; i < length; i++) {
            JsonToken token = json.nextToken();
            expect(token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL);
            texts[i] = json.getValueAsString();
        }
        expect(json.nextToken() == JsonToken.END_ARRAY);
        return texts;
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
