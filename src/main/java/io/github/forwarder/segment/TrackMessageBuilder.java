package io.github.forwarder.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.forwarder.sentry.SentryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shapes a Sentry event into Segment's "Error Captured" Track call (CONTRACT.md section 5): the fields of
 * Sentry's own forwarder, with a deterministic messageId, a real ISO-8601 timestamp, the outermost exception
 * type and the query string as text.
 */
public final class TrackMessageBuilder {

    /** Segment refuses messages over 32 KB. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** When a message is over the limit, longer text values are cut to this many characters. */
    static final int TRIMMED_TEXT_LENGTH = 1024;


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

    /** The Track call as JSON text, never over {@link #MAX_MESSAGE_BYTES}. */
    public String build(SentryEvent event) {
        ObjectNode message = track(event);
        String json = write(message);
        if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            return json;
        }
        trimLongTexts(message);
        message.with("properties").put("trimmed", true);
        json = write(message);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw new MessageTooLargeException(json.length());
        }
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
            putIfPresent(context, "userAgent", request.userAgent());
            ObjectNode page = context.putObject("page");
            putIfPresent(page, "url", request.url());
            putIfPresent(page, "method", request.method());
            putIfPresent(page, "search", request.search());
            putIfPresent(page, "referrer", request.referrer());
        }
        message.putObject("integration").put("name", "sentry").put("version", version);
        return message;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Cuts every text value in properties and context that is longer than {@link #TRIMMED_TEXT_LENGTH}. */
    private static void trimLongTexts(ObjectNode node) {
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                trimLongTexts((ObjectNode) field.getValue());
            } else if (field.getValue().isTextual() && field.getValue().asText().length() > TRIMMED_TEXT_LENGTH
                    && !field.getKey().equals("messageId")) {
                node.put(field.getKey(), field.getValue().asText().substring(0, TRIMMED_TEXT_LENGTH));
            }
        }
    }

    private String write(ObjectNode message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a Segment message", e);
        }
    }
}
