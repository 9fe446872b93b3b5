package io.github.forwarder.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling for the HTTP intake: a bare Vert.x 4.5.24 server (the forwarder's own HTTP stack, at Vert.x's
 * default options) that Jackson-parses each POST /sentry/events and answers 202 with the forwarder's accepted
 * answer, storing nothing; 400 when the body is not a JSON object with an event_id. GET /ready answers 200 once
 * it listens.
 *
 * Usage: BareIntakeServer <port>
 */
public final class BareIntakeServer {

    public static final String READY_PATH = "/ready";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BareIntakeServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(BareIntakeServer::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("bare intake server listening on " + port);
    }

    private static void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET && request.path().equals(READY_PATH)) {
            request.response().setStatusCode(200).end();
            return;
        }
        if (request.method() != HttpMethod.POST || !request.path().equals("/sentry/events")) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            String eventId = eventId(body.getBytes());
            request.response().setStatusCode(eventId != null ? 202 : 400).putHeader("Content-Type", "application/json")
                    .end(eventId != null ? "{\"status\":\"accepted\",\"eventId\":\"" + eventId + "\"}"
                            : "{\"error\":\"not a Sentry event\"}");
        }).onFailure(failure -> request.response().setStatusCode(400).end());
    }

    /** The body's event_id when it is a JSON object that has one, else null. */
    static String eventId(byte[] body) {
        try {
            JsonNode event = JSON.readTree(body);
            return event != null && event.isObject() && event.path("event_id").isTextual()
                    ? event.path("event_id").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
