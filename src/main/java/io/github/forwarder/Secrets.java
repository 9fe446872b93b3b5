package io.github.forwarder;

/** How secrets appear in logs: at most the last four characters of a long one. */
public final class Secrets {

    private Secrets() {
    }

    public static String masked(String secret) {
        if (secret == null || secret.isBlank()) {
            return "(none)";
        }
        return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
    }
}
