package io.github.forwarder.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.forwarder.sentry.SentryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
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
     * The Track call as JSON text, never over {@link SegmentCalls#MAX_MESSAGE_BYTES}. An oversize message has its long
     * text values trimmed ({@link #fitted}) and says so with {@code properties.trimmed = true}.
     */
    public String build(SentryEvent event) {
        ObjectNode message = track(event);
        String json = write(message);
        if (SegmentCalls.fits(json)) {
            return json;
        }
        trimLongTexts(message);
        message.with("properties").put("trimmed", true);
        json = write(message);
        // Unreachable today: the message has about 20 text values, each trimmed to 1 KiB, plus fixed keys, so it
        // stays under 23 KiB. Kept so that a field added later can never make the forwarder send an oversize
        // message: the event is dead-lettered with this reason instead.
        SegmentCalls.requireWithinLimit(json);
        return json;
    }

    ObjectNode track(SentryEvent event) {
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "track");
        message.put("messageId", messageId(event.eventId()));
        message.put("userId", event.userId());
        message.put("event", "Error Captured");
        message.put("timestamp", SegmentTimestamps.format(event.timestamp() != null ? event.timestamp() : clock.get()));

        ObjectNode properties = message.putObject("properties");
        properties.put("eventId", event.eventId());
        properties.put("transaction", event.transaction());
        properties.put("release", event.release());
        properties.put("level", event.level());
        properties.put("environment", event.environment());
        if (event.exceptionType() != null) {
            properties.put("exceptionType", event.exceptionType());
        }

        ObjectNode context = message.putObject("context");
        context.putObject("library").put("name", "sentry").put("version", version);
        putIfPresent(context, "ip", event.userIp());
        SentryEvent.Request request = event.request();
        if (request != null) {
            // As Sentry's own forwarder: with a request, userAgent, search and referrer are always there, "" if unknown.
            context.put("userAgent", orEmpty(request.userAgent()));
            ObjectNode page = context.putObject("page");
            putIfPresent(page, "url", request.url());
            putIfPresent(page, "method", request.method());
            page.put("search", orEmpty(request.search()));
            page.put("referrer", orEmpty(request.referrer()));
        }
        message.putObject("integration").put("name", "sentry").put("version", version);
        return message;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Trims every text value of the message but the messageId, which Segment deduplicates on. */
    private void trimLongTexts(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                trimLongTexts((ObjectNode) field.getValue());
            } else if (field.getValue().isTextual() && !field.getKey().equals("messageId")) {
                field.setValue(TextNode.valueOf(fitted(field.getValue().asText())));
            }
        }
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
            return utf8Bytes(mapper.writeValueAsString(text)) - 2;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a text value", e);
        }
    }

    private static int utf8Bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    private String write(ObjectNode message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a Segment message", e);
        }
    }
}
