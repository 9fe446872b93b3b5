package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the Sentry event in any payload the forwarder accepts (README "Inputs") and reads it into a
 * {@link SentryEvent}: SDK and stored events, legacy interface keys, the WebHooks plugin, service hooks and
 * integration-platform webhooks. Every read checks the whole document as JSON but builds only the parts it reads
 * ({@link EventFields}).
 */
public final class SentryEventReader {

    private static final Pattern CONSTRAINT_SETTING = Pattern.compile(", from `[^`]*`");

    private final ObjectMapper mapper;

    public SentryEventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads the event in a JSON document; throws {@link InvalidSentryInputException} with the reason otherwise. */
    public SentryEvent read(byte[] json) {
        return readBody(json).event();
    }

    /** The same for a document that is a view into a larger file or message (an NDJSON line). */
    public SentryEvent read(ByteBuffer json) {
        return read(json.array(), json.arrayOffset() + json.position(), json.remaining(), EventFields.PAYLOAD)
                .event();
    }

    /**
     * What {@link #readBody} reads: the event, and whether the document is one line of UTF-8 as it is (no line
     * break, no byte order mark), so that an NDJSON file can hold it unchanged. The parse learns it for free.
     */
    public record Read(SentryEvent event, boolean oneUtf8Line) {
    }

    /** The event in a request body, and whether the body is one line of UTF-8. */
    public Read readBody(byte[] json) {
        return read(json, 0, json == null ? 0 : json.length, EventFields.PAYLOAD);
    }

    /** The same read from a tree of the whole document: what the pruned read must equal (a test compares them). */
    SentryEvent readWhole(byte[] json) {
        return read(json, 0, json == null ? 0 : json.length, EventFields.ALL).event();
    }

    /**
     * The document is read whole and checked as JSON, but only the parts the event is read from become nodes
     * ({@link EventFields}), a fraction of the work for a typical event.
     */
    private Read read(byte[] json, int offset, int length, EventFields fields) {
        if (json == null || length == 0) {
            throw new InvalidSentryInputException("body is empty; expected a Sentry event as JSON");
        }
        // A skipped string is not measured: a document that could hold one over Jackson's limit is kept whole.
        if (length > mapper.getFactory().streamReadConstraints().getMaxStringLength()) {
            fields = EventFields.ALL;
        }
        try (JsonParser parser = mapper.createParser(json, offset, length)) {
            JsonNode root = parser.nextToken() == null ? null : fields.read(parser, mapper);
            parser.clearCurrentToken(); // as readTree leaves it, so a refusal of what follows reads alike
            if (root == null || root.isMissingNode()) {
                throw new InvalidSentryInputException("body is empty; expected a Sentry event as JSON");
            }
            // Jackson reads the first value and would ignore the rest: a second event after it would be lost.
            if (parser.nextToken() != null) {
                throw new InvalidSentryInputException("body holds more than one JSON value; send one event per "
                        + "request, or one per line in a file (NDJSON)");
            }
            // Jackson counts CR and LF alike, and refuses them raw inside strings; only UTF-8 is read as bytes.
            boolean oneUtf8Line = parser instanceof UTF8StreamJsonParser && parser.currentLocation().getLineNr() == 1
                    && !(length >= 3 && json[offset] == (byte) 0xEF && json[offset + 1] == (byte) 0xBB
                    && json[offset + 2] == (byte) 0xBF);
            SentryShape shape = shapeOf(root);
            return new Read(toEvent(root, locateEvent(root, shape), shape), oneUtf8Line);
        } catch (StreamConstraintsException e) {
            // Jackson's StreamReadConstraints: nesting deeper than 1000, numbers over 1000 digits, and the like.
            throw new InvalidSentryInputException("body is beyond the JSON limits: " + shortMessage(e));
        } catch (JacksonException e) {
            throw new InvalidSentryInputException("body is not JSON: " + shortMessage(e));
        } catch (IOException e) {
            throw new InvalidSentryInputException("body could not be read: " + e.getMessage());
        }
    }

    /** Which of Sentry's payloads this is: integration webhooks carry data, the others wrap the event or are it. */
    private static SentryShape shapeOf(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidSentryInputException("no Sentry event inside: the JSON is " + root.getNodeType()
                    .name().toLowerCase() + ", not an object");
        }
        JsonNode data = JsonFields.object(root, "data");
        if (data != null && (root.has("action") || root.has("installation"))) {
            return JsonFields.object(data, "error") != null ? SentryShape.INTEGRATION_ERROR
                    : SentryShape.INTEGRATION_EVENT_ALERT;
        }
        if (JsonFields.object(root, "event") == null) {
            return SentryShape.EVENT;
        }
        // A service hook names the issue as "group"; the WebHooks plugin puts the fields at the top.
        return root.has("group") ? SentryShape.SERVICE_HOOK : SentryShape.WEBHOOK_PLUGIN;
    }

    /** The event object inside the payload, wherever its shape keeps it. */
    private static JsonNode locateEvent(JsonNode root, SentryShape shape) {
        JsonNode event = switch (shape) {
            case INTEGRATION_ERROR, INTEGRATION_EVENT_ALERT ->
                    JsonFields.object(JsonFields.object(root, "data"), "error", "event");
            case SERVICE_HOOK, WEBHOOK_PLUGIN -> JsonFields.object(root, "event");
            case EVENT -> root;
        };
        if (event == null) {
            throw new InvalidSentryInputException(
                    "no Sentry event inside: integration webhook without data.error or data.event");
        }
        return event;
    }

    private static SentryEvent toEvent(JsonNode root, JsonNode event, SentryShape shape) {
        String eventId = eventId(event);
        Map<String, String> tags = JsonFields.keyValues(event.get("tags"));
        JsonNode user = JsonFields.object(event, "user", "sentry.interfaces.User");
        List<JsonNode> exceptions = exceptions(event);
        return new SentryEvent(
                eventId,
                JsonFields.text(event.get("type")),
                user == null ? null : JsonFields.text(user.get("id")),
                user == null ? null : ipAddress(user),
                user == null ? null : JsonFields.text(user.get("email")),
                user == null ? null : JsonFields.text(user.get("username")),
                timestamp(event),
                release(event, tags),
                orTag(event, tags, "environment"),
                orTag(event, tags, "level"),
                orTag(event, tags, "transaction"),
                exceptions.size(),
                exceptions.isEmpty() ? null : JsonFields.text(exceptions.get(exceptions.size() - 1).get("type")),
                SentryRequests.read(requestInterface(event)),
                SentryProjects.read(root, event),
                shape);
    }

    private static String eventId(JsonNode event) {
        String id = JsonFields.firstText(event, "event_id", "eventID");
        if (id == null) {
            throw new InvalidSentryInputException("no Sentry event inside: no event_id");
        }
        if (!isEventIdText(id)) {
            throw new InvalidSentryInputException("event_id is not a Sentry event id (32 hex characters)");
        }
        return id.toLowerCase().replace("-", "");
    }

    /** 1 to 64 of [0-9A-Za-z_-]: a loop, where a regular expression took 2 to 4% of the read (quick compiler). */
    private static boolean isEventIdText(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Only an IP address: "{{auto}}" (Sentry's placeholder for the sender's address, left unresolved), scrubbed
     * values and digests are no address at all.
     */
    private static String ipAddress(JsonNode user) {
        String ip = JsonFields.text(user.get("ip_address"));
        return ip != null && IpAddresses.isAddress(ip.trim()) ? ip.trim() : null;
    }

    private static Instant timestamp(JsonNode event) {
        // "received" is all that Sentry 8/9-era WebHooks plugin payloads carry.
        for (String field : new String[] {"timestamp", "datetime", "dateCreated", "received"}) {
            Instant instant = SentryTimestamps.parse(event.get(field));
            if (instant != null) {
                return instant;
            }
        }
        return null;
    }

    /** Top-level release (text, or the API's {version} object), else the sentry:release or release tag. */
    private static String release(JsonNode event, Map<String, String> tags) {
        JsonNode release = event.get("release");
        String text = release != null && release.isObject() ? JsonFields.text(release.get("version"))
                : JsonFields.text(release);
        if (text == null) {
            text = tags.getOrDefault("sentry:release", tags.get("release"));
        }
        return text == null ? "" : text;
    }

    private static String orTag(JsonNode event, Map<String, String> tags, String name) {
        String text = JsonFields.text(event.get(name));
        if (text == null) {
            text = tags.get(name);
        }
        return text == null ? "" : text;
    }

    /** Exceptions oldest first, from {values: [...]}, a bare list, a single object or the API's entries. */
    private static List<JsonNode> exceptions(JsonNode event) {
        JsonNode node = event.get("exception");
        if (node == null || node.isNull()) {
            node = event.get("sentry.interfaces.Exception");
        }
        if (node == null || node.isNull()) {
            node = entry(event, "exception");
        }
        List<JsonNode> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        JsonNode values = node.isObject() && node.has("values") ? node.get("values") : node;
        if (values.isArray()) {
            values.forEach(value -> {
                if (value.isObject()) {
                    result.add(value);
                }
            });
        } else if (values.isObject() && (values.has("type") || values.has("value"))) {
            result.add(values);
        }
        return result;
    }

    private static JsonNode requestInterface(JsonNode event) {
        JsonNode request = JsonFields.object(event, "request", "sentry.interfaces.Http");
        return request != null ? request : entry(event, "request");
    }

    /** The data of the API shape's entries[] item of the given type. */
    private static JsonNode entry(JsonNode event, String type) {
        JsonNode entries = event.get("entries");
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                if (entry.isObject() && type.equals(JsonFields.text(entry.get("type")))) {
                    return entry.get("data");
                }
            }
        }
        return null;
    }

    private static String shortMessage(JacksonException e) {
        // Jackson names the Java setting to raise ("from `StreamReadConstraints...`"); a Sentry user cannot.
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String message = CONSTRAINT_SETTING.matcher(original).replaceAll("");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return e.getLocation() == null ? message
                : message + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
