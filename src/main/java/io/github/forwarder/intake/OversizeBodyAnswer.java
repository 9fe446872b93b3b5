package io.github.forwarder.intake;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's 413. Vert.x enforces {@code camel.server.maxBodySize} before Camel sees the request: it refuses on
 * the Content-Length, or as soon as a chunked body passes the limit, so a large body is never read whole. Left to
 * itself it answers in plain text and logs an ERROR per request; this answers with the intake's JSON error and
 * one INFO line, like the other refusals.
 */
public final class OversizeBodyAnswer implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(OversizeBodyAnswer.class);
    public static final int STATUS = 413;

    private final long maxBodyBytes;

    private OversizeBodyAnswer(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Installs the answer on the intake server's router; call once the server is started. */
    public static void install(CamelContext context, int serverPort, long maxBodyBytes) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(serverPort));
        if (router == null) {
            throw new IllegalStateException("the HTTP intake on port " + serverPort + " has no router");
        }
        // A failure handler of the intake's own router: Router.errorHandler would only act on the root router.
        router.route().failureHandler(new OversizeBodyAnswer(maxBodyBytes));
    }

    @Override
    public void handle(RoutingContext request) {
        if (request.statusCode() != STATUS) {
            request.next();
            return;
        }
        LOG.info("Refused intake request: body over {} bytes", maxBodyBytes);
        if (!request.response().ended() && !request.response().closed()) {
            request.response().setStatusCode(STATUS).putHeader("Content-Type", "application/json")
                    .end(answer(maxBodyBytes));
        }
    }

    /** The JSON body of the answer. */
    public static String answer(long maxBodyBytes) {
        return "{\"error\":\"body is larger than " + maxBodyBytes + " bytes (forwarder.intake.maxBodyBytes)\"}";
    }
}
