package io.github.forwarder.segment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.sentry.SentryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Shapes a Sentry event into Segment's "Error Captured" Track call (README, "The Track call"): the fields of
 * Sentry's own forwarder, with a deterministic messageId, a real ISO-8601 timestamp, the outermost exception
 * type and the query string as text.
 */
public final class TrackMessageBuilder {

    /** When a message is over the limit, every text value is cut to fit in this many bytes of JSON. */
    static final int TRIMMED_TEXT_BYTES = 1024;


    private final ObjectMapper mapper;
    private final String version;
    private final Supplier<Instant> clock;

    public TrackMessageBuilder(ObjectMapper mapper, String version, Supplier<Instant> clock) {
        this.mapper = mapper;
        this.version = version;
        this.clock = clock;
    }

    /** Segment deduplicates on messageId, so it depends on the Sentry event id alone. */
    public static String messageId(String eventId) {
        return "sentry-" + eventId;
    }

    /**
     * The Track call as UTF-8 JSON, never over {@link SegmentCalls#MAX_MESSAGE_BYTES}: written straight to bytes, so
     * delivery copies them into its request unchanged. An oversize message is written again with its text values
     * trimmed ({@link #fitted}) and says so with {@code properties.trimmed = true}.
     */
    public byte[] build(SentryEvent event) {
        byte[] json = write(event, false);
        if (SegmentCalls.fits(json)) {
            return json;
        }
        json = write(event, true);
        // Unreachable today: the message has about 20 text values, each trimmed to 1 KiB, plus fixed keys, so it
        // stays under 23 KiB. Kept so that a field added later can never make the forwarder send an oversize
        // message: the event is dead-lettered with this reason instead.
        SegmentCalls.requireWithinLimit(json);
        return json;
    }

    /** The one place the Track call's fields are written; {@code trim} cuts every text but the messageId. */
    private byte[] write(SentryEvent event, boolean trim) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("type", "track");
            json.writeStringField("messageId", messageId(event.eventId()));
            json.writeStringField("userId", text(event.userId(), trim));
            json.writeStringField("event", "Error Captured");
            json.writeStringField("timestamp",
                    SegmentTimestamps.format(event.timestamp() != null ? event.timestamp() : clock.get()));

            json.writeObjectFieldStart("properties");
            json.writeStringField("eventId", text(event.eventId(), trim));
            json.writeStringField("transaction", text(event.transaction(), trim));
            json.writeStringField("release", text(event.release(), trim));
            json.writeStringField("level", text(event.level(), trim));
            json.writeStringField("environment", text(event.environment(), trim));
            writeIfPresent(json, "exceptionType", text(event.exceptionType(), trim));
            if (trim) {
                json.writeBooleanField("trimmed", true);
            }
            json.writeEndObject();

            json.writeObjectFieldStart("context");
            writeLibrary(json, "library");
            writeIfPresent(json, "ip", text(event.userIp(), trim));
            SentryEvent.Request request = event.request();
            if (request != null) {
                // As Sentry's own forwarder: with a request, userAgent, search and referrer are always there, "" if
                // unknown.
                json.writeStringField("userAgent", text(orEmpty(request.userAgent()), trim));
                json.writeObjectFieldStart("page");
                writeIfPresent(json, "url", text(request.url(), trim));
                writeIfPresent(json, "method", text(request.method(), trim));
                json.writeStringField("search", text(orEmpty(request.search()), trim));
                json.writeStringField("referrer", text(orEmpty(request.referrer()), trim));
                json.writeEndObject();
            }
            json.writeEndObject();
            writeLibrary(json, "integration");
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("could not write a Segment message", e);
        }
        return bytes.toByteArray();
    }

    private void writeLibrary(JsonGenerator json, String field) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("name", "sentry");
        json.writeStringField("version", version);
        json.writeEndObject();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private String text(String value, boolean trim) {
        return trim && value != null ? fitted(value) : value;
    }

    /**
     * The longest start of the text whose JSON form takes at most {@link #TRIMMED_TEXT_BYTES} bytes (UTF-8, with
     * escapes: a control character takes six), never splitting a character. ASCII text keeps 1,024 characters.
     */
    private String fitted(String text) {
        if (jsonBytes(text) <= TRIMMED_TEXT_BYTES) {
            return text;
        }
        int fits = 0;
        int tooLong = Math.min(text.length(), TRIMMED_TEXT_BYTES + 1);
        while (tooLong - fits > 1) {
            int middle = (fits + tooLong) >>> 1;
            if (jsonBytes(text.substring(0, middle)) <= TRIMMED_TEXT_BYTES) {
                fits = middle;
            } else {
                tooLong = middle;
            }
        }
        if (fits > 0 && Character.isHighSurrogate(text.charAt(fits - 1))) {
            fits--;
        }
        return text.substring(0, fits);
    }

    /** Bytes of the text as a JSON string, without its quotes. */
    private int jsonBytes(String text) {
        try {
            // As text first: a cut may end in half a character, which the UTF-8 writer would refuse.
            return mapper.writeValueAsString(text).getBytes(StandardCharsets.UTF_8).length - 2;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a text value", e);
        }
    }
}
