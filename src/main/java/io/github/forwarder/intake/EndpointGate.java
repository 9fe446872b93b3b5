package io.github.forwarder.intake;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;

/**
 * In front of the route serving one path of the HTTP intake: lets a request through only while that route runs and
 * the forwarder is not stopping, and otherwise answers {@link RouteNotRunningAnswer}'s 503.
 */
public final class EndpointGate implements AuthenticationHandler {

    private final CamelContext context;
    private final String path;
    private final RouteNotRunningAnswer notRunning;
    private final AtomicInteger letThrough = new AtomicInteger();
    private volatile boolean closed;

    private EndpointGate(CamelContext context, String path, long maxBodyBytes) {
        this.context = context;
        this.path = path;
        this.notRunning = new RouteNotRunningAnswer(path, maxBodyBytes);
    }

    /**
     * The server's authentication handlers are the one hook Camel gives onto its router before the server listens,
     * and they come before the routes' own; this one authenticates nothing.
     */
    public static EndpointGate installInFront(MainHttpServer server, CamelContext context, String path,
                                              long maxBodyBytes) {
        EndpointGate gate = new EndpointGate(context, path, maxBodyBytes);
        AuthenticationConfigEntry entry = new AuthenticationConfigEntry();
        entry.setPath(path);
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T none) {
                return gate;
            }
        });
        AuthenticationConfig handlers = server.getConfiguration().getAuthenticationConfig();
        handlers.getEntries().add(entry);
        handlers.setEnabled(true);
        return gate;
    }

    @Override
    public void handle(RoutingContext request) {
        // Counted before the checks, so that close() cannot miss a request it then lets through.
        letThrough.incrementAndGet();
        if (closed || !routeRuns()) {
            letThrough.decrementAndGet();
            notRunning.handle(request);
            return;
        }
        request.addEndHandler(answered -> letThrough.decrementAndGet());
        request.next();
    }

    /**
     * Stops letting requests through, and waits (at most {@code patience}) until those let through are answered.
     * Called as the forwarder starts stopping: Camel then suspends the route, and a request still reading its body
     * would get the suspended consumer's empty 503.
     */
    public void close(Duration patience) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + patience.toNanos();
        while (letThrough.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private boolean routeRuns() {
        return routeRuns(context, path);
    }

    /** The route serving {@code path} has its consumer started: not starting, suspended, stopping or stopped. */
    public static boolean routeRuns(CamelContext context, String path) {
        Route serving = routeServing(context, path);
        return serving != null && serving.getConsumer() instanceof StatefulService consumer && consumer.isStarted();
    }

    static Route routeServing(CamelContext context, String path) {
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http && path.equals(http.getPath())) {
                return route;
            }
        }
        return null;
    }
}
