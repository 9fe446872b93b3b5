package io.github.forwarder.bench.segment;

import io.github.forwarder.bench.FreePort;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Segment Tracking API stand-in built to be much faster than anything it measures: Vert.x event loops, no
 * blocking, a streaming JSON read. Takes /v1/track, /v1/batch and /v1/import (where analytics-java 3.5.4 posts
 * its batches), answers 200 {"success":true}, or 400 when the body is not JSON, and records every messageId
 * (ReceivedMessages). Started with CountedMessages it only counts them, for the least CPU per message.
 */
public final class SegmentStandIn implements AutoCloseable {

    private static final Set<String> PATHS = Set.of("/v1/track", "/v1/batch", "/v1/import");
    private static final String OK = "{\"success\":true}";
    private static final String NOT_JSON = "{\"success\":false,\"message\":\"invalid JSON\"}";

    private final Vertx vertx;
    private final int port;
    private final MessageRecorder recorder;

    private SegmentStandIn(Vertx vertx, int port, MessageRecorder recorder) {
        this.vertx = vertx;
        this.port = port;
        this.recorder = recorder;
    }

    /** Listens on a free loopback port with one event loop per core given. */
    public static SegmentStandIn start(int eventLoops) {
        return start(eventLoops, FreePort.find(), new ReceivedMessages());
    }

    /** Listens on the given loopback port, recording with the recorder given. */
    public static SegmentStandIn start(int eventLoops, int port, MessageRecorder recorder) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        SegmentStandIn standIn = new SegmentStandIn(vertx, port, recorder);
        try {
            vertx.deployVerticle(standIn::newListener, new DeploymentOptions().setInstances(eventLoops))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the Segment stand-in did not start", e);
        }
        return standIn;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Every messageId received, with its arrival: only a stand-in that parses (the harness's own) keeps them. */
    public ReceivedMessages received() {
        if (recorder instanceof ReceivedMessages parsed) {
            return parsed;
        }
        throw new IllegalStateException("a counting stand-in keeps no messageIds");
    }

    /** One listener per event loop; Vert.x spreads the connections on the shared port between them. */
    private AbstractVerticle newListener() {
        return new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                                .setDecompressionSupported(true))
                        .requestHandler(SegmentStandIn.this::handle)
                        .listen().<Void>mapEmpty().onComplete(started);
            }
        };
    }

    private void handle(HttpServerRequest request) {
        // stamped as soon as the request line and headers are read, before the body: the closest to the wire
        long arrivalNanos = System.nanoTime();
        String path = request.path();
        if (path.startsWith(StandInServer.CONTROL_PATH)) {
            StandInServer.control(request, recorder);
            return;
        }
        String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!PATHS.contains(normalized)) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            boolean json = recorder.record(body.getBytes(), arrivalNanos);
            request.response().setStatusCode(json ? 200 : 400).putHeader("Content-Type", "application/json")
                    .end(json ? OK : NOT_JSON);
        }).onFailure(failure -> request.response().setStatusCode(400).end());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
