package io.github.forwarder;

import io.github.forwarder.intake.EndpointGate;
import io.github.forwarder.intake.RouteNotRunningAnswer;
import io.github.forwarder.ops.console.JolokiaCredentialsCheck;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * Camel's HTTP servers with the forwarder's handlers added before they listen. Camel Main takes the
 * MainHttpServerFactory from the registry before the settings are read, so {@code ForwarderApp} binds this one.
 */
public final class ForwarderHttpServers implements MainHttpServerFactory {

    /**
     * The intake's endpoints (routes receive-sentry-webhooks, request-dead-letter-replay): while their route does
     * not run, as during a start or a stop, they answer 503 with Retry-After, never 404.
     */
    static final List<String> ALWAYS_ANSWERED_PATHS = List.of("/sentry/events", "/admin/dead-letters/replay");
    /** Longest wait at stop for requests already let through to be answered. */
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(10);

    private final DefaultMainHttpServerFactory servers = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties configuration) {
        servers.setCamelContext(context);
        Service server = servers.newHttpServer(context, configuration);
        if (server instanceof MainHttpServer intake) {
            List<EndpointGate> gates = ALWAYS_ANSWERED_PATHS.stream()
                    .map(path -> EndpointGate.installInFront(intake, context, path)).toList();
            closeGatesWhenStopping(context, gates);
            installBehindOnFirstStart(context, configuration.getPort());
        }
        return server;
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
    private static void installBehindOnFirstStart(CamelContext context, int port) {
        try {
            context.addStartupListener((started, alreadyStarted) -> {
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(started,
                        VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (!alreadyStarted && router != null) {
                    ALWAYS_ANSWERED_PATHS.forEach(path -> RouteNotRunningAnswer.installBehind(router, started, path));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the intake's start-up step", e);
        }
    }

    @Override
    public Service newHttpManagementServer(CamelContext context,
            HttpManagementServerConfigurationProperties configuration) {
        servers.setCamelContext(context);
        Service server = servers.newHttpManagementServer(context, configuration);
        if (server instanceof ManagementHttpServer management) {
            JolokiaCredentialsCheck.install(management, context);
        }
        return server;
    }
}
