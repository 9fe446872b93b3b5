package io.github.forwarder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that answers like Segment's Tracking API: 200 {"success":true}, 400 for invalid JSON and
 * for messages over 32 KB, and whatever answers a test queues (5xx, 429 with Retry-After, 400, 401, slow answers).
 * Records every request it receives.
 */
public final class SegmentStandIn implements AutoCloseable {

    /** The write key tests configure; a test that finds it in a log or file has found a leak. */
    public static final String WRITE_KEY = "test-wk-3f9a8c1d2e7b4a60";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_BYTES = 32 * 1024;
    private static final int MAX_BATCH_BYTES = 500 * 1024;
    private static final int MAX_BATCH_MESSAGES = 2500;

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The messageIds of taken messages, kept as they come: tests poll them, and parsing every body per poll made
     * the test's own JVM the busiest process on the machine, late to stamp arrivals. */
    private final ConcurrentLinkedQueue<String> delivered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Answer> queued = new ConcurrentLinkedQueue<>();
    private volatile Answer outage;
    private volatile String refusedMarker;

    /** One request and the status it was answered with. */
    public record Received(String path, Map<String, List<String>> headers, String body, Instant at, int status) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The messages of the request: the items of a /v1/batch, or the one message. */
        public List<JsonNode> messages() {
            return messagesOf(json());
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Answer(int status, String body, Map<String, String> headers, long delayMs) {
        public static Answer status(int status) {
            return new Answer(status, "{\"success\":false}", Map.of(), 0);
        }

        public static Answer retryAfter(int status, String retryAfter) {
            return new Answer(status, "{\"success\":false}", Map.of("Retry-After", retryAfter), 0);
        }
    }

    public SegmentStandIn() {
        this(0);
    }

    /** On a given port: a test can close the stand-in (Segment is down) and start another on the same port. */
    public SegmentStandIn(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next requests with these, in order; then 200 again. */
    public void answerNext(Answer... answers) {
        queued.addAll(List.of(answers));
    }

    /** Answers every request with this until {@link #recover()}: an outage that refuses nothing but accepts nothing. */
    public void failEverything(Answer answer) {
        outage = answer;
    }

    public void recover() {
        outage = null;
    }

    /** Answers 400 to any request carrying this text, as Segment does for a message it cannot take. */
    public void refuseMessagesContaining(String marker) {
        refusedMarker = marker;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * Every message received, in order, each with its request's path, headers, time and answer and itself as the
     * body: batches unpacked, so a test reads what Segment saw however the requests grouped it.
     */
    public List<Received> calls() {
        return received.stream().flatMap(request -> messagesOf(request.json()).stream().map(message ->
                new Received(request.path(), request.headers(), message.toString(), request.at(), request.status())))
                .toList();
    }

    /** The messageIds of the messages Segment took (answered 2xx), batches unpacked, duplicates kept. */
    public List<String> deliveredMessageIds() {
        return List.copyOf(delivered);
    }

    /** The Track call of this Sentry event, once received (the first, if retried), as {@link #calls()} gives it. */
    public Optional<Received> trackCallOf(String eventId) {
        String messageId = "sentry-" + eventId;
        return calls().stream().filter(call -> messageId.equals(call.json().path("messageId").asText())).findFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Instant at = Instant.now();
        Answer answer = outage != null ? outage : queued.poll();
        if (answer == null && refusedMarker != null && new String(body, StandardCharsets.UTF_8).contains(refusedMarker)) {
            answer = new Answer(400, "{\"success\":false,\"message\":\"invalid message\"}", Map.of(), 0);
        }
        JsonNode json = jsonOrNull(body);
        if (answer == null) {
            answer = validate(exchange.getRequestURI().getPath(), body.length, json);
        }
        // recorded before its ids count as taken, so a test that waited for the ids finds the request too
        received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                new String(body, StandardCharsets.UTF_8), at, answer.status()));
        // a queued 2xx answer to a body that is not JSON takes no message
        if (answer.status() / 100 == 2 && json != null) {
            messagesOf(json).forEach(message -> delivered.add(message.path("messageId").asText()));
        }
        if (answer.delayMs() > 0) {
            try {
                Thread.sleep(answer.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    /** Segment's own checks: JSON; 32 KB per message; 500 KB and 2,500 messages per batch. */
    private static Answer validate(String path, int bytes, JsonNode json) {
        boolean batch = path.endsWith("/batch");
        if (bytes > (batch ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES)) {
            return new Answer(400, "{\"success\":false,\"message\":\"request too large\"}", Map.of(), 0);
        }
        if (json == null) {
            return new Answer(400, "{\"success\":false,\"message\":\"invalid JSON\"}", Map.of(), 0);
        }
        if (batch && (!json.path("batch").isArray() || json.get("batch").size() > MAX_BATCH_MESSAGES)) {
            return new Answer(400, "{\"success\":false,\"message\":\"invalid batch\"}", Map.of(), 0);
        }
        return new Answer(200, "{\"success\":true}", Map.of(), 0);
    }

    /** The body as JSON, parsed once per request; null when it is not JSON. */
    private static JsonNode jsonOrNull(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The messages of a request: the items of a /v1/batch, or the one message. */
    private static List<JsonNode> messagesOf(JsonNode json) {
        List<JsonNode> messages = new java.util.ArrayList<>();
        if (json.has("batch")) {
            json.get("batch").forEach(messages::add);
        } else {
            messages.add(json);
        }
        return messages;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
