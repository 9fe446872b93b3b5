package io.github.forwarder.ops.console;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;

/**
 * Makes Camel's management server ask for the console's credentials (HTTP Basic) on /observe/jolokia, and only
 * there: health and metrics stay open for probes and scrapers. Camel's own option for this
 * (camel.management.basicPropertiesFile) would need the password in a plain file. Camel Main creates the server
 * before the configuration classes run and starts it after them, so a configuration class can add the check; it
 * does so whether the forwarder runs alone or inside another Camel Main application.
 */
public final class JolokiaCredentialsCheck {

    private JolokiaCredentialsCheck() {
    }

    /** Guards the management server's Jolokia, if the context has one serving Jolokia. */
    public static void install(CamelContext context, ConsoleCredentials credentials) {
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management == null || !management.isJolokiaEnabled()) {
            return;
        }
        if (management.isStarted()) {
            // Never serve Jolokia open: better no start than every MBean to anyone who reaches the port.
            throw new IllegalStateException("the management server already serves Jolokia; the forwarder cannot "
                    + "guard it: load the forwarder's configuration classes through Camel Main");
        }
        AuthenticationConfigEntry jolokia = new AuthenticationConfigEntry();
        jolokia.setPath(management.getJolokiaPath() + "*");
        jolokia.setAuthenticationProviderFactory(vertx -> new Provider(credentials));
        jolokia.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return BasicAuthHandler.create(provider, HawtioConsole.REALM);
            }
        });
        AuthenticationConfig authentication = management.getConfiguration().getAuthenticationConfig();
        authentication.getEntries().add(jolokia);
        authentication.setEnabled(true);
    }

    private record Provider(ConsoleCredentials credentials) implements AuthenticationProvider {
        @Override
        public void authenticate(JsonObject given, Handler<AsyncResult<User>> result) {
            String password = given.getString("password");
            boolean matches = credentials.matches(given.getString("username"),
                    password == null ? null : password.toCharArray());
            result.handle(matches ? Future.succeededFuture(User.fromName(credentials.user()))
                    : Future.failedFuture("wrong user or password"));
        }
    }
}
