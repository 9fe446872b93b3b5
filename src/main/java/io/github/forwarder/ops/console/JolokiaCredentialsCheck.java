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
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Makes Camel's management server ask for the console's credentials (HTTP Basic) on /observe/jolokia, and only
 * there: health and metrics stay open for probes and scrapers. Camel's own option for this
 * (camel.management.basicPropertiesFile) would need the password in a plain file. Camel Main takes the
 * MainHttpServerFactory from the registry before the settings are read, so this factory is bound by
 * {@code ForwarderApp} and finds the {@link ConsoleCredentials} when the server starts.
 */
public final class JolokiaCredentialsCheck implements MainHttpServerFactory {

    private final DefaultMainHttpServerFactory servers = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties configuration) {
        servers.setCamelContext(context);
        return servers.newHttpServer(context, configuration);
    }

    @Override
    public Service newHttpManagementServer(CamelContext context,
            HttpManagementServerConfigurationProperties configuration) {
        servers.setCamelContext(context);
        Service server = servers.newHttpManagementServer(context, configuration);
        if (server instanceof ManagementHttpServer management && management.isJolokiaEnabled()) {
            AuthenticationConfigEntry jolokia = new AuthenticationConfigEntry();
            jolokia.setPath(management.getJolokiaPath() + "*");
            jolokia.setAuthenticationProviderFactory(vertx -> new Provider(credentials(context)));
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
        return server;
    }

    private static ConsoleCredentials credentials(CamelContext context) {
        ConsoleCredentials credentials = context.getRegistry().findSingleByType(ConsoleCredentials.class);
        return credentials != null ? credentials : ConsoleCredentials.of("", "");
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
