package io.github.forwarder.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.messages.TrackMessage;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baseline's whole forwarding logic, as a Java team would write it for SDK-shaped events: Sentry's filter
 * (an error with an exception and a user id) and a Track call carrying the same fields as the forwarder's.
 */
final class SentryToTrack {

    private SentryToTrack() {
    }

    /** A Track call and its messageId, which the caller needs to match the library's callbacks. */
    record Track(String messageId, TrackMessage.Builder message) {
    }

    /** The Track call for a forwardable event, or null when Sentry would not forward it. */
    static Track track(JsonNode event) {
        if (!forwardable(event)) {
            return null;
        }
        JsonNode exceptions = event.path("exception").path("values");
        String userId = event.path("user").path("id").asText("");
        String eventId = event.path("event_id").asText();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("eventId", eventId);
        for (String field : new String[] {"transaction", "release", "level", "environment"}) {
            properties.put(field, event.path(field).asText(""));
        }
        properties.put("exceptionType", exceptions.get(exceptions.size() - 1).path("type").asText());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("ip", event.path("user").path("ip_address").asText(""));
        JsonNode request = event.path("request");
        if (!request.isMissingNode()) {
            context.put("userAgent", request.path("headers").path("User-Agent").asText(""));
            context.put("page", Map.of("url", request.path("url").asText(""),
                    "method", request.path("method").asText(""),
                    "search", request.path("query_string").asText(""),
                    "referrer", request.path("headers").path("Referer").asText("")));
        }
        String messageId = "sentry-" + eventId;
        return new Track(messageId, TrackMessage.builder("Error Captured").userId(userId).messageId(messageId)
                .timestamp(timestamp(event.path("timestamp"))).properties(properties).context(context));
    }

    /** Sentry's filter: an error (or default) event with an exception and a user id. */
    static boolean forwardable(JsonNode event) {
        String type = event.path("type").asText("error");
        return (type.equals("error") || type.equals("default")) && !event.path("exception").path("values").isEmpty()
                && !event.path("user").path("id").asText("").isEmpty();
    }

    private static Date timestamp(JsonNode timestamp) {
        if (timestamp.isNumber()) {
            return new Date(Math.round(timestamp.asDouble() * 1000));
        }
        return timestamp.isTextual() ? Date.from(Instant.parse(timestamp.asText())) : new Date();
    }
}
