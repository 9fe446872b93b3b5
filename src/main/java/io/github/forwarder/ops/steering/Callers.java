package io.github.forwarder.ops.steering;

import io.github.forwarder.ops.console.ConsoleLoginModule;
import java.security.AccessController;
import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;

/**
 * Who is calling a control, for the log line: the user Jolokia at /observe/jolokia authenticated (recorded for
 * the duration of the request), else the console user Hawtio runs its own Jolokia's requests as (its
 * AuthenticationFilter calls them in Subject.doAs), else a JMX client.
 */
public final class Callers {

    private static final ThreadLocal<String> JOLOKIA_USER = new ThreadLocal<>();

    private Callers() {
    }

    /** Runs a Jolokia request as the user its credentials named. */
    public static void asJolokiaUser(String user, Runnable request) {
        JOLOKIA_USER.set(user);
        try {
            request.run();
        } finally {
            JOLOKIA_USER.remove();
        }
    }

    @SuppressWarnings("removal") // the JAAS subject of the calling thread; Java 17 has no replacement yet
    static String current() {
        String jolokiaUser = JOLOKIA_USER.get();
        if (jolokiaUser != null) {
            return "User '" + jolokiaUser + "' (Jolokia)";
        }
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null && !subject.getPrincipals().isEmpty()) {
            return "User '" + names(subject) + "' (console)";
        }
        return "A JMX client";
    }

    /** The console's login names the user and its role; the log wants the user, or any names another realm gave. */
    private static String names(Subject subject) {
        Set<? extends Principal> users = subject.getPrincipals(ConsoleLoginModule.User.class);
        return (users.isEmpty() ? subject.getPrincipals() : users).stream().map(Principal::getName).distinct()
                .collect(Collectors.joining(","));
    }
}
