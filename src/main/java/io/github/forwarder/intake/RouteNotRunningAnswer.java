package io.github.forwarder.intake;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * What an HTTP endpoint answers while its route does not run: 503 with a JSON error and Retry-After, which Sentry
 * retries. Camel's Vert.x server listens before the routes start and until after they stopped, and a
 * platform-http consumer puts its Vert.x route on the router only while started (suspended, it answers an empty
 * 503). So a request during a start or a stop used to get Vert.x's HTML 404, which Sentry does not retry.
 * {@link EndpointGate} answers this in front of the route; this class also stands behind it.
 */
public final class RouteNotRunningAnswer implements Handler<RoutingContext> {

    public static final int STATUS = 503;
    public static final String RETRY_AFTER_SECONDS = "5";

    private final String answer;
    /** The intake's body limit (forwarder.intake.maxBodyBytes): more is not read before the answer. */
    private final long mostBytesRead;

    RouteNotRunningAnswer(String path, long mostBytesRead) {
        this.answer = answer(path);
        this.mostBytesRead = mostBytesRead;
    }

    /** The JSON body of the answer. */
    public static String answer(String path) {
        return "{\"error\":\"" + path + " is not running: the forwarder is starting or stopping; retry in "
                + RETRY_AFTER_SECONDS + " s\"}";
    }

    /**
     * Behind the route serving {@code path}, for the requests it would take (same methods, same content types):
     * Vert.x matches a request against the routes there were when it arrived, so one that arrived just before the
     * consumer added its route passes the gate and then finds no route. Call before the route consumers start.
     */
    public static void installBehind(VertxPlatformHttpRouter router, CamelContext context, String path,
                                     long mostBytesRead) {
        org.apache.camel.Route serving = EndpointGate.routeServing(context, path);
        if (serving == null) {
            return;
        }
        PlatformHttpEndpoint endpoint = (PlatformHttpEndpoint) serving.getEndpoint();
        Route behind = router.route(path).last();
        split(endpoint.getHttpMethodRestrict()).forEach(method -> behind.method(HttpMethod.valueOf(method)));
        split(endpoint.getConsumes()).forEach(behind::consumes);
        split(endpoint.getProduces()).forEach(behind::produces);
        behind.handler(new RouteNotRunningAnswer(path, mostBytesRead));
    }

    /**
     * Answers once the request's body is in: closed with unread bytes still coming, a connection is reset by the
     * operating system, and the client can lose the 503 it was sent with it (it then saw no answer at all). A body
     * longer than the intake's body limit is not waited for.
     */
    @Override
    public void handle(RoutingContext request) {
        HttpServerRequest http = request.request();
        if (http.isEnded() || http.version() == HttpVersion.HTTP_2) {
            answer(request);
            return;
        }
        long[] read = {0};
        http.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > mostBytesRead) {
                answer(request);
            }
        });
        http.endHandler(ended -> answer(request));
        http.resume();
    }

    private void answer(RoutingContext request) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(STATUS).putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", RETRY_AFTER_SECONDS);
        if (request.request().version() != HttpVersion.HTTP_2) {
            // Not reused: a body over the bytes read may still be coming in on it.
            response.putHeader("Connection", "close");
        }
        response.end(answer);
    }

    private static List<String> split(String commaList) {
        return commaList == null || commaList.isBlank() ? List.of()
                : Arrays.stream(commaList.split(",")).map(String::trim).toList();
    }
}
