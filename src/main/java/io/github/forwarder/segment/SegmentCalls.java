package io.github.forwarder.segment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The segment-sink's check and completion of a Segment call: Segment answers 200 even for messages it then
 * drops, so the fields each call needs and the 32 KB limit are checked here, and messageId, timestamp and
 * context.library are filled in when the caller left them out.
 */
public final class SegmentCalls {

    /** Segment refuses messages over 32 KB. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;

    static final Set<String> CALLS = Set.of("track", "identify", "page", "screen", "group", "alias");
    private static final Map<String, String> REQUIRED_FIELD = Map.of("track", "event", "group", "groupId",
            "alias", "previousId");

    private final ObjectMapper mapper;
    private final String version;
    private final Supplier<Instant> clock;

    public SegmentCalls(ObjectMapper mapper, String version, Supplier<Instant> clock) {
        this.mapper = mapper;
        this.version = version;
        this.clock = clock;
    }

    /** A checked and completed call: its JSON as UTF-8 and messageId. */
    public record Prepared(byte[] json, String messageId) {
    }

    /** Checks and completes a call (JSON text, bytes or a Map) of the given type. */
    public Prepared prepare(String call, Object body) {
        if (!CALLS.contains(call)) {
            throw new InvalidSegmentMessageException("type must be one of " + CALLS + ", not '" + call + "'");
        }
        ObjectNode message = asObject(body);
        String declared = text(message, "type");
        if (declared != null && !declared.equals(call)) {
            throw new InvalidSegmentMessageException("the message says type '" + declared + "' but is sent as '" + call + "'");
        }
        message.put("type", call);
        if (text(message, "userId") == null && text(message, "anonymousId") == null) {
            throw new InvalidSegmentMessageException(call + " needs a userId or an anonymousId");
        }
        String required = REQUIRED_FIELD.get(call);
        if (required != null && text(message, required) == null) {
            throw new InvalidSegmentMessageException(call + " needs " + required);
        }
        if (text(message, "messageId") == null) {
            message.put("messageId", UUID.randomUUID().toString());
        }
        if (text(message, "timestamp") == null) {
            message.put("timestamp", SegmentTimestamps.format(clock.get()));
        }
        if (!message.path("context").path("library").isObject()) {
            message.with("context").putObject("library").put("name", "sentry-segment-forwarder").put("version", version);
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(message);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write a Segment message", e);
        }
        requireWithinLimit(json);
        return new Prepared(json, text(message, "messageId"));
    }

    /** Whether the UTF-8 JSON fits Segment's limit. */
    static boolean fits(byte[] json) {
        return json.length <= MAX_MESSAGE_BYTES;
    }

    /** Segment's limit, for every call sent: a sink call as given, a Track call once trimmed. */
    static void requireWithinLimit(byte[] json) {
        if (!fits(json)) {
            throw new InvalidSegmentMessageException("the message is " + json.length
                    + " bytes, over Segment's limit of " + MAX_MESSAGE_BYTES);
        }
    }

    private ObjectNode asObject(Object body) {
        JsonNode node;
        try {
            node = body instanceof String text ? mapper.readTree(text)
                    : body instanceof byte[] bytes ? mapper.readTree(bytes)
                    : mapper.valueToTree(body);
        } catch (JacksonException e) {
            throw new InvalidSegmentMessageException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidSegmentMessageException("the body could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidSegmentMessageException("the body is not a JSON object: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSegmentMessageException("the body must be a JSON object (text or a Map)");
        }
        return (ObjectNode) node;
    }

    /** Non-blank text of a field; a number counts as its text (Segment takes ids as strings). */
    private static String text(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || !(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
            return null;
        }
        if (value.isNumber()) {
            message.put(field, value.asText());
        }
        return value.asText();
    }
}
