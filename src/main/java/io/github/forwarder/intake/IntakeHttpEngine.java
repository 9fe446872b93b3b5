package io.github.forwarder.intake;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.MessageHelper;

/**
 * platform-http's Vert.x engine, but no thread waits for the intake's store: the intake's route starts on a worker
 * thread as platform-http starts every route, and its request is answered on its event loop once the route ends.
 * <p>
 * camel-platform-http-vertx 4.18 runs the route on a worker thread (executeBlocking) that waits for the whole
 * route, here for the spool's group write: a worker parked per request in flight, woken by the writer, then a hand
 * back to the event loop. With this engine the worker reads and checks the event, hands it to the spool and is free
 * again; the spool resumes the route on the request's event loop once the group is stored ({@link IntakeSpool}), and
 * the answer is written there. Only for {@link #PATH}; every other path is served as platform-http serves it.
 * <p>
 * Since those workers never wait, the intake has a few of its own ({@link #WORKERS}) rather than Vert.x's shared
 * pool of 20, which spread the requests over many threads for nothing; and the route gets the body as the bytes
 * Vert.x read it into, not a copy of them.
 */
public final class IntakeHttpEngine extends VertxPlatformHttpEngine {

    /** Route receive-sentry-webhooks. */
    public static final String PATH = "/sentry/events";
    /** The intake's worker threads: its route only computes there, so two per core keep the cores busy. */
    private static final int WORKERS = 2 * Runtime.getRuntime().availableProcessors();

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!PATH.equals(endpoint.getPath())) {
            return super.createConsumer(endpoint, processor);
        }
        return new Consumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    /** Starts the route on a worker thread without waiting for it, and answers on the event loop where it ends. */
    private static final class Consumer extends VertxPlatformHttpConsumer {

        private volatile WorkerExecutor workers;
        private volatile HeaderFilterStrategy answerHeaders;

        Consumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
                 String routerName) {
            super(endpoint, processor, handlers, routerName);
        }

        @Override
        protected void doStart() throws Exception {
            answerHeaders = getEndpoint().getHeaderFilterStrategy(); // a new one at each call
            super.doStart();
        }

        @Override
        protected void handleRequest(RoutingContext request) {
            if (isSuspended()) {
                request.response().setStatusCode(503).end(); // as platform-http's own consumer
                return;
            }
            Context eventLoop = Vertx.currentContext();
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            WorkerExecutor routeThreads = workers(eventLoop);
            processHttpRequest(exchange, request)
                    .compose(read -> {
                        bodyAsRead(exchange.getMessage());
                        return routeThreads.executeBlocking(() -> {
                            createUoW(exchange);
                            return getAsyncProcessor().process(exchange,
                                    doneSync -> answerOn(eventLoop, request, exchange));
                        }, false);
                    })
                    .onFailure(failed -> {
                        request.fail(failed);
                        doneUoW(exchange);
                        releaseExchange(exchange, false);
                    });
        }

        /**
         * The workers are Vert.x's, by name, made at the first request and closed with Vert.x: never while a
         * stopping route still has requests on them (Camel stops a consumer before its exchanges in flight end).
         */
        private WorkerExecutor workers(Context eventLoop) {
            WorkerExecutor made = workers;
            if (made == null) {
                synchronized (this) {
                    if (workers == null) {
                        workers = eventLoop.owner().createSharedWorkerExecutor("forwarder-intake", WORKERS);
                    }
                    made = workers;
                }
            }
            return made;
        }

        /**
         * The body as the array Vert.x read it into (sized by Content-Length), where it is exactly that array:
         * Camel's conversion to bytes would copy it. The array is the request's own and never reused.
         */
        private static void bodyAsRead(Message message) {
            if (message.getBody() instanceof Buffer buffer) {
                ByteBuf read = buffer.getByteBuf();
                if (read.hasArray() && read.arrayOffset() == 0 && read.readerIndex() == 0
                        && read.readableBytes() == read.array().length) {
                    message.setBody(read.array());
                }
            }
        }

        /**
         * Where the route ended: on the request's event loop once the spool stored the event (answered there at
         * once), or on the worker thread (a refusal, a filtered event: handed to the event loop).
         */
        private void answerOn(Context eventLoop, RoutingContext request, Exchange exchange) {
            if (Context.isOnEventLoopThread() && Vertx.currentContext() == eventLoop) {
                answer(request, exchange);
            } else {
                eventLoop.runOnContext(ended -> answer(request, exchange));
            }
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
                    message.getHeaders().forEach((name, value) -> {
                        if (value != null && !answerHeaders.applyFilterToCamelHeaders(name, value, exchange)) {
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
