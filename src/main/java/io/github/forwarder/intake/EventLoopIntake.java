package io.github.forwarder.intake;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The intake's route runs on the Vert.x event loop that read its request, and the intake listens on every event loop.
 * <p>
 * camel-platform-http-vertx 4.18 hands every request to a worker thread (executeBlocking), which then waits for the
 * route, which waits for the spool's group write: two hand-offs and two waits per request. The intake's route never
 * blocks (it reads the body, and {@link IntakeSpool} resumes it on its event loop once the event's group is stored),
 * so this engine's consumer runs it right there. One Vert.x server uses one event loop, which the route's work would
 * fill: {@link #listenOnEveryEventLoop} adds a server per event loop on the same port, with Camel's request handler
 * (Vert.x shares the port and deals out the connections).
 * <p>
 * Only for {@link #PATH}, and only where forwarder.source is the spool (a folder or a jms: queue; any other source is
 * a {@code to:} that may block), on a port given (Vert.x does not share port 0) and without TLS (which the added
 * servers could not repeat): otherwise platform-http's own handling, on a worker thread.
 */
public final class EventLoopIntake extends VertxPlatformHttpEngine {

    /** Route receive-sentry-webhooks. */
    public static final String PATH = "/sentry/events";

    /** Set once the intake listens on every event loop; until then (and with TLS) platform-http's own handling. */
    private volatile boolean onEveryEventLoop;

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!PATH.equals(endpoint.getPath())) {
            return super.createConsumer(endpoint, processor);
        }
        return new Consumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    /**
     * Once Camel Main's server listens (a startup listener): a server per further event loop, closed with the
     * context. Without TLS only; then the intake's route also runs on the event loops.
     */
    public void listenOnEveryEventLoop(CamelContext context) {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null || main.getPort() <= 0 || usesTls(main) || onEveryEventLoop) {
            return; // Vert.x shares a port only when given: not port 0 (a random port for each server)
        }
        HttpServer first = main.getRouter().getServer().getServer();
        Vertx vertx = main.getRouter().vertx();
        Listeners listeners = new Listeners();
        // From a thread outside Vert.x, each server gets an event loop of its own, the next in turn.
        for (int i = 1; i < VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE; i++) {
            listeners.servers.add(vertx.createHttpServer().requestHandler(first.requestHandler())
                    .listen(first.actualPort(), main.getHost()).toCompletionStage().toCompletableFuture().join());
        }
        try {
            context.addService(listeners, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not keep the intake's servers", e);
        }
        onEveryEventLoop = true;
    }

    private static boolean usesTls(MainHttpServer server) {
        return server.getSslContextParameters() != null || server.isUseGlobalSslContextParameters();
    }

    /** The servers added to Camel's; closed after the routes stopped. */
    private static final class Listeners extends ServiceSupport {
        private final List<HttpServer> servers = new ArrayList<>();

        @Override
        protected void doStop() {
            servers.forEach(HttpServer::close);
        }
    }

    /** Runs the route on the request's event loop, and answers where the route ends. */
    private final class Consumer extends VertxPlatformHttpConsumer {

        Consumer(PlatformHttpEndpoint endpoint, Processor processor,
                 List<io.vertx.core.Handler<RoutingContext>> handlers, String routerName) {
            super(endpoint, processor, handlers, routerName);
        }

        @Override
        protected void handleRequest(RoutingContext request) {
            if (!onEveryEventLoop) {
                super.handleRequest(request);
                return;
            }
            if (isSuspended()) {
                request.response().setStatusCode(503).end(); // as platform-http's own consumer
                return;
            }
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            processHttpRequest(exchange, request).onComplete(read -> {
                try {
                    if (read.failed()) {
                        throw read.cause();
                    }
                    createUoW(exchange);
                } catch (Throwable failed) {
                    request.fail(failed);
                    releaseExchange(exchange, false);
                    return;
                }
                getAsyncProcessor().process(exchange, doneSync -> answer(request, exchange));
            });
        }

        /** The route's answer: its status, the headers the endpoint lets out, its Content-Type and its body. */
        private void answer(RoutingContext request, Exchange exchange) {
            try {
                HttpServerResponse response = request.response();
                if (exchange.getException() != null) {
                    request.fail(exchange.getException()); // the route answers every failure: never expected
                } else if (!response.ended() && !response.closed()) {
                    Message message = exchange.getMessage();
                    response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
                    HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
                    message.getHeaders().forEach((name, value) -> {
                        if (value != null && !filter.applyFilterToCamelHeaders(name, value, exchange)) {
                            response.putHeader(name, value.toString());
                        }
                    });
                    String contentType = MessageHelper.getContentType(message); // not a header the filter lets out
                    if (contentType != null) {
                        response.putHeader("Content-Type", contentType);
                    }
                    String body = message.getBody(String.class);
                    response.end(body != null ? body : "");
                }
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }
    }
}
