package io.github.forwarder.ops.console;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * Answers Hawtio's logins (its login page, and Basic auth on its Jolokia): Hawtio opens a JAAS LoginContext on its
 * realm itself, so this module is registered as that realm. Jetty's PropertyFileLoginModule cannot serve here: it
 * needs Jetty's own JAASLoginService around the call.
 */
public final class ConsoleLoginModule implements LoginModule {

    /** Hawtio's hawtio.rolePrincipalClasses names this class; every operator gets the role Hawtio requires. */
    public record Role(String getName) implements Principal {
    }

    public record User(String getName) implements Principal {
    }

    private Subject subject;
    private CallbackHandler callbacks;
    private ConsoleCredentials credentials;
    private String loggedIn;

    @Override
    public void initialize(Subject subject, CallbackHandler callbacks, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbacks;
        this.credentials = ConsoleCredentials.fromOptions(options);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
            if (!credentials.matches(name.getName(), password.getPassword())) {
                throw new FailedLoginException("wrong user or password");
            }
            loggedIn = name.getName();
            return true;
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getClass().getSimpleName());
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (loggedIn == null) {
            return false;
        }
        subject.getPrincipals().addAll(principals());
        return true;
    }

    @Override
    public boolean abort() {
        loggedIn = null;
        return true;
    }

    @Override
    public boolean logout() {
        if (loggedIn != null) {
            subject.getPrincipals().removeAll(principals());
        }
        loggedIn = null;
        return true;
    }

    private List<Principal> principals() {
        return List.of(new User(loggedIn), new Role(HawtioConsole.ROLE));
    }

    /** A JAAS configuration that answers {@code realm} with this module and leaves other names to {@code others}. */
    static Configuration realm(String realm, ConsoleCredentials credentials, Configuration others) {
        AppConfigurationEntry entry = new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, credentials.asOptions());
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (realm.equals(name)) {
                    return new AppConfigurationEntry[] {entry};
                }
                return others == null ? null : others.getAppConfigurationEntry(name);
            }
        };
    }
}
