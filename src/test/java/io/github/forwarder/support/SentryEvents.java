package io.github.forwarder.support;

import java.nio.charset.StandardCharsets;

/** Small forwardable Sentry events with distinct ids, for tests that need many. */
public final class SentryEvents {

    private SentryEvents() {
    }

    public static String eventId(int n) {
        return String.format("%032x", n + 1);
    }

    /** An event of the Sentry project with this slug (as the WebHooks plugin names it). */
    public static byte[] forwardable(int n, String projectSlug) {
        String json = new String(forwardable(n), StandardCharsets.UTF_8);
        return ("{\"project_slug\":\"" + projectSlug + "\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] forwardable(int n) {
        return ("{\"event_id\":\"" + eventId(n) + "\",\"timestamp\":1795169730.25,\"user\":{\"id\":\"u" + n + "\"},"
                + "\"exception\":{\"values\":[{\"type\":\"ValueError\",\"value\":\"bad input " + n + "\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
