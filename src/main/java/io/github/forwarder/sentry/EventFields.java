package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a Sentry payload the forwarder reads: what tells the payload's shape and where its event is, and
 * every field of {@link SentryEvent} in each form Sentry sends it. Read into a tree of only those parts, so the
 * code that reads a tree ({@link SentryEventReader}, {@link SentryProjects}, {@link SentryRequests}) reads it as it
 * would the whole one; everything else (stack frames, breadcrumbs, contexts, modules, extra, sdk: most of an
 * event's bytes) is skipped by the parser, never built into nodes, yet still checked as JSON. Every object and
 * array on the way stays, empty if none of its parts is read, since the reader tells types apart and counts items.
 * A part read from the tree and missing here reads as absent: PrunedReadIsTheWholeReadTest fails then.
 */
final class EventFields {

    /** The whole document as Jackson's own tree reader reads it: what a pruned read must equal (a test compares). */
    static final EventFields ALL = new EventFields(Map.of(), null);
    /**
     * Every part of a value (tags, headers and query strings in any of their forms), built node by node as Jackson's
     * tree reader builds it, without the setup it costs per value: a tenth of the read under the quick compiler.
     */
    private static final EventFields WHOLE = whole();
    /** A value read as text or a number: a scalar as it is, an object or array empty. */
    private static final EventFields SCALAR = new EventFields(Map.of(), null);
    /** A value whose presence alone counts (an exception's message, a webhook's action): null, no text built. */
    private static final EventFields PRESENT = new EventFields(Map.of(), null);

    /** exception, sentry.interfaces.Exception: {values: [...]}, a list or one object, with its type and value. */
    private static final EventFields EXCEPTION = exception();
    /** request, sentry.interfaces.Http: url, method, the query string and the headers. */
    private static final EventFields REQUEST = object(Map.of("url", SCALAR, "method", SCALAR,
            "query_string", WHOLE, "query", WHOLE, "headers", WHOLE));
    /** The API shape's entries: [{type, data}], where the exception entry's and the request entry's data are read. */
    private static final EventFields ENTRIES = new EventFields(Map.of(), object(Map.of("type", SCALAR,
            "data", new EventFields(union(EXCEPTION.fields, REQUEST.fields), EXCEPTION.items))));
    private static final Map<String, EventFields> EVENT_FIELDS = eventFields();
    private static final EventFields EVENT = object(EVENT_FIELDS);

    /** A whole payload: any shape's top level, where the event itself may be. */
    static final EventFields PAYLOAD = payload();

    private final Map<String, EventFields> fields;
    /** An array's items; null: they are skipped. Set once, while the constants are built. */
    private EventFields items;

    private EventFields(Map<String, EventFields> fields, EventFields items) {
        this.fields = fields;
        this.items = items;
    }

    /** The value at the parser's current token, with only these parts; the parser is left on its last token. */
    JsonNode read(JsonParser parser, ObjectMapper mapper) throws IOException {
        if (this == ALL) {
            return mapper.readTree(parser);
        }
        JsonToken token = parser.currentToken();
        JsonNodeFactory nodes = mapper.getNodeFactory();
        if (this == PRESENT) {
            parser.skipChildren();
            return nodes.nullNode();
        }
        // the nodes readTree makes of scalars (a default ObjectMapper's), without its setup per value
        switch (token) {
            case VALUE_STRING:
                return nodes.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE:
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return nodes.nullNode();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return nodes.numberNode(parser.getDoubleValue()); // JSON text has no float32 nor BigDecimal
            case START_OBJECT, START_ARRAY:
                break;
            default:
                return mapper.readTree(parser);
        }
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = nodes.objectNode();
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                EventFields field = this == WHOLE ? WHOLE : fields.get(name);
                parser.nextToken();
                if (field == null) {
                    parser.skipChildren();
                } else {
                    object.set(name, field.read(parser, mapper)); // a repeated name: the last one, as readTree
                }
            }
            return object;
        }
        ArrayNode array = nodes.arrayNode();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (items == null) {
                parser.skipChildren();
            } else {
                array.add(items.read(parser, mapper));
            }
        }
        return array;
    }

    private static Map<String, EventFields> eventFields() {
        Map<String, EventFields> fields = new HashMap<>();
        for (String scalar : new String[] {"event_id", "eventID", "type", "timestamp", "datetime", "dateCreated",
                "received", "environment", "level", "transaction", "project", "projectID", "project_id", "url",
                "web_url", "issue_url"}) {
            fields.put(scalar, SCALAR);
        }
        fields.put("tags", WHOLE); // an object, [key, value] pairs or {key, value} objects
        fields.put("release", object(Map.of("version", SCALAR))); // text, or the API's {version}
        EventFields user = object(Map.of("id", SCALAR, "ip_address", SCALAR, "email", SCALAR, "username", SCALAR));
        fields.put("user", user);
        fields.put("sentry.interfaces.User", user);
        fields.put("exception", EXCEPTION);
        fields.put("sentry.interfaces.Exception", EXCEPTION);
        fields.put("request", REQUEST);
        fields.put("sentry.interfaces.Http", REQUEST);
        fields.put("entries", ENTRIES);
        return fields;
    }

    /** The event's fields (the event may be the payload), where it is in the other shapes, and their project. */
    private static EventFields payload() {
        Map<String, EventFields> fields = new HashMap<>(EVENT_FIELDS);
        fields.put("data", object(Map.of("error", EVENT, "event", EVENT)));
        fields.put("event", EVENT);
        for (String present : new String[] {"action", "installation", "group"}) {
            fields.put(present, PRESENT);
        }
        fields.put("project_slug", SCALAR);
        fields.put("project", object(Map.of("slug", SCALAR, "id", SCALAR))); // or text, as in the event
        return object(fields);
    }

    /** type and value, values nested at any depth, in objects and in arrays' items. */
    private static EventFields exception() {
        Map<String, EventFields> fields = new HashMap<>(Map.of("type", SCALAR, "value", PRESENT));
        EventFields exception = object(fields);
        exception.items = exception;
        fields.put("values", exception);
        return exception;
    }

    /** Every field of an object and every item of an array, at any depth. */
    private static EventFields whole() {
        EventFields whole = new EventFields(Map.of(), null);
        whole.items = whole;
        return whole;
    }

    private static EventFields object(Map<String, EventFields> fields) {
        return new EventFields(fields, null);
    }

    /** The fields of two parts found under one name; a field in both is read as both read it, so it is the same. */
    private static Map<String, EventFields> union(Map<String, EventFields> one, Map<String, EventFields> other) {
        Map<String, EventFields> union = new HashMap<>(one);
        other.forEach((name, part) -> {
            if (union.putIfAbsent(name, part) != null && union.get(name) != part) {
                throw new IllegalStateException(name + " is read in two ways");
            }
        });
        return union;
    }
}
