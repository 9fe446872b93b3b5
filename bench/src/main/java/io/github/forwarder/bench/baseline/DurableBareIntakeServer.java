package io.github.forwarder.bench.baseline;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What an intake without one Camel exchange per request could reach: the bare Vert.x server's parse, then the
 * forwarder's promise, 202 once stored in {@link GroupFiles} (one NDJSON file per group, renamed when whole).
 * Alone, nothing reads the files: they are deleted with the process's folder; {@link DurableBareForwarder} runs the
 * bare loop on them.
 *
 * Usage: DurableBareIntakeServer <port> <folder>
 */
public final class DurableBareIntakeServer {

    private final GroupFiles files;

    private DurableBareIntakeServer(Path folder) {
        this.files = new GroupFiles(folder);
    }

    public static void main(String[] args) throws Exception {
        listen(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("durable bare intake server listening on " + args[0]);
    }

    /** Starts the server and its writer; returns once it listens. */
    static void listen(int port, Path folder) throws Exception {
        DurableBareIntakeServer server = new DurableBareIntakeServer(folder);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(server::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET && request.path().equals(BareIntakeServer.READY_PATH)) {
            request.response().setStatusCode(200).end();
            return;
        }
        if (request.method() != HttpMethod.POST || !request.path().equals("/sentry/events")) {
            request.response().setStatusCode(404).end();
            return;
        }
        Context context = Vertx.currentContext();
        request.body().onSuccess(body -> {
            byte[] bytes = body.getBytes();
            String eventId = BareIntakeServer.eventId(bytes);
            if (eventId == null) {
                request.response().setStatusCode(400).end("{\"error\":\"not a Sentry event\"}");
                return;
            }
            files.store(bytes).whenComplete((stored, failed) -> context.runOnContext(v -> request.response()
                    .setStatusCode(failed == null ? 202 : 503).putHeader("Content-Type", "application/json")
                    .end(failed == null ? "{\"status\":\"accepted\",\"eventId\":\"" + eventId + "\"}"
                            : "{\"error\":\"not stored\"}")));
        }).onFailure(failure -> request.response().setStatusCode(400).end());
    }
}
