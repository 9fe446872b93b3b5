package io.github.forwarder.bench.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Request bodies shaped like the forwarder's Track calls (README, "The Track call"), to load the stand-in directly. */
public final class TrackBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrackBodies() {
    }

    /** A /v1/track body. */
    public static byte[] single(long n) {
        return bytes(track(n));
    }

    /** A /v1/batch body of size messages. */
    public static byte[] batch(long first, int size) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode batch = body.putArray("batch");
        for (int i = 0; i < size; i++) {
            batch.add(track(first + i));
        }
        return bytes(body);
    }

    private static ObjectNode track(long n) {
        String eventId = String.format("%032x", n);
        ObjectNode track = JSON.createObjectNode().put("type", "track").put("messageId", "sentry-" + eventId)
                .put("userId", String.valueOf(1000 + n % 90_000)).put("event", "Error Captured")
                .put("timestamp", "2026-11-20T10:15:30.250Z");
        track.putObject("properties").put("eventId", eventId).put("transaction", "/api/0/orders/{order}/")
                .put("release", "shop@4.2.1").put("level", "error").put("environment", "production")
                .put("exceptionType", "OrderLookupError");
        ObjectNode context = track.putObject("context");
        context.putObject("library").put("name", "sentry").put("version", "0.1.0");
        context.put("ip", "203.0.113.7").put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        context.putObject("page").put("url", "https://shop.example.com/api/0/orders/17/").put("method", "GET")
                .put("search", "page=2&sort=desc").put("referrer", "https://shop.example.com/cart");
        track.putObject("integration").put("name", "sentry").put("version", "0.1.0");
        return track;
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
