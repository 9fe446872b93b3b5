package io.github.forwarder.ops.steering;

import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;
import javax.security.auth.Subject;

/**
 * Who is calling a control, for the log line: the user Jolokia at /observe/jolokia authenticated (recorded for
 * the duration of the request), else the JAAS subject of the console's own Jolokia, else a JMX client.
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
            return "User '" + subject.getPrincipals().stream().map(Principal::getName).distinct()
                    .collect(Collectors.joining(",")) + "' (console)";
        }
        return "A JMX client";
    }
}
