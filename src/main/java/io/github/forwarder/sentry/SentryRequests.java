package io.github.forwarder.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Reads Sentry's request interface: headers and query string arrive as objects, pairs or text. */
final class SentryRequests {

    private SentryRequests() {
    }

    static SentryEvent.Request read(JsonNode request) {
        if (request == null || !request.isObject()) {
            return null;
        }
        Map<String, String> headers = lowerCaseKeys(JsonFields.keyValues(request.get("headers")));
        JsonNode query = request.has("query_string") ? request.get("query_string") : request.get("query");
        return new SentryEvent.Request(
                JsonFields.text(request.get("url")),
                JsonFields.text(request.get("method")),
                search(query),
                emptyToNull(headers.get("user-agent")),
                emptyToNull(headers.get("referer")));
    }

    /** The query string without '?': text is kept as sent, pairs and objects are percent-encoded in order. */
    static String search(JsonNode query) {
        if (query == null || query.isNull()) {
            return null;
        }
        if (!query.isContainerNode()) {
            String text = JsonFields.text(query);
            return text == null ? null : emptyToNull(text.startsWith("?") ? text.substring(1) : text);
        }
        StringJoiner joined = new StringJoiner("&");
        JsonFields.keyValues(query).forEach((key, value) ->
                joined.add(value.isEmpty() ? encode(key) : encode(key) + "=" + encode(value)));
        return emptyToNull(joined.toString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> result.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return result;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
