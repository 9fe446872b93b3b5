package io.github.forwarder.ops.console;

/** Where the Hawtio console listens, whether it is on, and who may log in. */
public record ConsoleSettings(boolean enabled, String host, int port, ConsoleCredentials credentials) {

    public boolean willStart() {
        return enabled && credentials.isSet();
    }

    public String url() {
        return "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port + "/hawtio";
    }

    /** For the start-up summary. */
    public String describe() {
        if (!enabled) {
            return "console off";
        }
        return willStart() ? "console " + url() + " (user " + credentials.user() + ")"
                : "console off until forwarder.console.password is set";
    }
}
