package io.github.forwarder.intake;

import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * The intake's endpoints answer 503 with Retry-After while their route does not run (a start, a stop, a paused
 * route), never 404. Camel Main creates its HTTP server before the configuration classes run and starts it after
 * them, so a configuration class puts the gates in front before the server listens: alone or embedded alike.
 */
public final class IntakeGates {

    /** Routes receive-sentry-webhooks and request-dead-letter-replay. */
    public static final List<String> ALWAYS_ANSWERED_PATHS =
            List.of(IntakeHttpEngine.PATH, "/admin/dead-letters/replay");
    /** Longest wait at stop for requests already let through to be answered. */
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(10);

    private IntakeGates() {
    }

    /** @param maxBodyBytes forwarder.intake.maxBodyBytes: a 503 is sent once this much of the body was read. */
    public static void install(CamelContext context, int port, long maxBodyBytes) {
        MainHttpServer intake = context.hasService(MainHttpServer.class);
        if (intake == null || intake.isStarted()) {
            return; // no Camel Main HTTP server, or one already listening: platform-http answers as it does
        }
        List<EndpointGate> gates = ALWAYS_ANSWERED_PATHS.stream()
                .map(path -> EndpointGate.installInFront(intake, context, path, maxBodyBytes)).toList();
        closeGatesWhenStopping(context, gates);
        installBehindOnFirstStart(context, port, maxBodyBytes);
    }

    /** Before Camel suspends the routes, so that a request it lets through is answered by its route. */
    private static void closeGatesWhenStopping(CamelContext context, List<EndpointGate> gates) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) throws Exception {
                for (EndpointGate gate : gates) {
                    gate.close(DRAIN_PATIENCE);
                }
            }
        });
    }

    /** Startup listeners run once the server listens and before the route consumers start (again per route start). */
    private static void installBehindOnFirstStart(CamelContext context, int port, long maxBodyBytes) {
        try {
            context.addStartupListener((started, alreadyStarted) -> {
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(started,
                        VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (!alreadyStarted && router != null) {
                    ALWAYS_ANSWERED_PATHS.forEach(path -> RouteNotRunningAnswer.installBehind(router, started, path,
                            maxBodyBytes));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the intake's start-up step", e);
        }
    }
}
