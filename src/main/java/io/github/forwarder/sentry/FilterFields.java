package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a Sentry payload that the intake decides on: what tells the payload's shape, the event id and type,
 * the user, the exceptions' types and the project. Read into a tree of only those parts, so the code that reads a
 * whole tree reads it alike; everything else (stack traces, breadcrumbs, contexts, the request: most of an
 * event's bytes) is skipped by the parser, never built into nodes, yet still checked as JSON. Every object and
 * array on the way stays, empty if none of its parts is read, since the reader counts and tells them apart.
 */
final class FilterFields {

    /** A value read whole. */
    private static final FilterFields WHOLE = new FilterFields(Map.of(), null);
    /** Objects and arrays whose presence counts, not their content. */
    private static final FilterFields PRESENCE = new FilterFields(Map.of(), null);
    /** exception, sentry.interfaces.Exception and an entry's data: {values: [...]}, a list, or one object. */
    private static final FilterFields EXCEPTIONS = exceptions();
    /** The API shape's entries: [{type, data}], where the exception entry's data is read. */
    private static final FilterFields ENTRIES = new FilterFields(Map.of(),
            new FilterFields(Map.of("type", WHOLE, "data", EXCEPTIONS), null));
    private static final Map<String, FilterFields> EVENT_FIELDS = eventFields();
    private static final FilterFields EVENT = new FilterFields(EVENT_FIELDS, null);

    /** A whole payload: any shape's top level, where the event itself may be. */
    static final FilterFields PAYLOAD = payload();

    private final Map<String, FilterFields> fields;
    /** An array's items; null: they are skipped. Set once, while the constants are built. */
    private FilterFields items;

    private FilterFields(Map<String, FilterFields> fields, FilterFields items) {
        this.fields = fields;
        this.items = items;
    }

    /** The value at the parser's current token, with only these parts; the parser is left on its last token. */
    JsonNode read(JsonParser parser, ObjectMapper mapper) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return mapper.getNodeFactory().textNode(parser.getText()); // as readTree reads a string, without its setup
        }
        if (this == WHOLE || !token.isStructStart()) {
            return mapper.readTree(parser);
        }
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = mapper.getNodeFactory().objectNode();
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                FilterFields field = fields.get(name);
                parser.nextToken();
                if (field == null) {
                    parser.skipChildren();
                } else {
                    object.set(name, field.read(parser, mapper)); // a repeated name: the last one, as readTree
                }
            }
            return object;
        }
        ArrayNode array = mapper.getNodeFactory().arrayNode();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (items == null) {
                parser.skipChildren();
            } else {
                array.add(items.read(parser, mapper));
            }
        }
        return array;
    }

    private static Map<String, FilterFields> eventFields() {
        Map<String, FilterFields> fields = new HashMap<>();
        for (String whole : new String[] {"event_id", "eventID", "type", "user", "sentry.interfaces.User",
                "project", "projectID", "project_id", "url", "web_url", "issue_url"}) {
            fields.put(whole, WHOLE);
        }
        fields.put("exception", EXCEPTIONS);
        fields.put("sentry.interfaces.Exception", EXCEPTIONS);
        fields.put("entries", ENTRIES);
        return fields;
    }

    private static FilterFields payload() {
        Map<String, FilterFields> fields = new HashMap<>(EVENT_FIELDS);
        fields.put("data", new FilterFields(Map.of("error", EVENT, "event", EVENT), null));
        fields.put("event", EVENT);
        for (String present : new String[] {"action", "installation", "group"}) {
            fields.put(present, PRESENCE);
        }
        fields.put("project_slug", WHOLE);
        return new FilterFields(fields, null);
    }

    /** type and value whole, values nested at any depth, in objects and in arrays' items. */
    private static FilterFields exceptions() {
        Map<String, FilterFields> fields = new HashMap<>(Map.of("type", WHOLE, "value", WHOLE));
        FilterFields exceptions = new FilterFields(fields, null);
        exceptions.items = exceptions;
        fields.put("values", exceptions);
        return exceptions;
    }
}
