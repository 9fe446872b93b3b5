package io.github.forwarder.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The bare loop's Track call, shaped as the forwarder's TrackMessageBuilder shapes it (the same fields, a
 * deterministic messageId, an ISO-8601 timestamp, the outermost exception type), built straight from the parsed
 * Sentry event with no intermediate record.
 */
final class TrackJson {

    private static final String VERSION = "bench";

    private TrackJson() {
    }

    /** The Track call for a forwardable event, or null when Sentry would not forward it. */
    static ObjectNode of(ObjectMapper mapper, JsonNode event) {
        if (!SentryToTrack.forwardable(event)) {
            return null;
        }
        String eventId = event.path("event_id").asText();
        JsonNode exceptions = event.path("exception").path("values");
        ObjectNode track = mapper.createObjectNode().put("type", "track").put("messageId", "sentry-" + eventId)
                .put("userId", event.path("user").path("id").asText()).put("event", "Error Captured")
                .put("timestamp", timestamp(event.path("timestamp")));
        ObjectNode properties = track.putObject("properties").put("eventId", eventId);
        for (String field : new String[] {"transaction", "release", "level", "environment"}) {
            properties.put(field, event.path(field).asText(""));
        }
        properties.put("exceptionType", exceptions.get(exceptions.size() - 1).path("type").asText());
        ObjectNode context = track.putObject("context");
        context.putObject("library").put("name", "sentry").put("version", VERSION);
        context.put("ip", event.path("user").path("ip_address").asText(""));
        JsonNode request = event.path("request");
        if (!request.isMissingNode()) {
            context.put("userAgent", request.path("headers").path("User-Agent").asText(""));
            context.putObject("page").put("url", request.path("url").asText(""))
                    .put("method", request.path("method").asText(""))
                    .put("search", request.path("query_string").asText(""))
                    .put("referrer", request.path("headers").path("Referer").asText(""));
        }
        track.putObject("integration").put("name", "sentry").put("version", VERSION);
        return track;
    }

    private static String timestamp(JsonNode timestamp) {
        if (timestamp.isNumber()) {
            return Instant.ofEpochMilli(Math.round(timestamp.asDouble() * 1000)).toString();
        }
        return timestamp.isTextual() ? Instant.parse(timestamp.asText()).toString() : Instant.now().toString();
    }
}
