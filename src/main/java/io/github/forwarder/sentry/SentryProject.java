package io.github.forwarder.sentry;

/** Which Sentry project and organisation an event belongs to, where its shape says; any field may be null. */
public record SentryProject(String id, String slug, String organization) {

    public static final SentryProject UNKNOWN = new SentryProject(null, null, null);

    /** A short name for logs and dead letters: the slug, else the id, else "unknown". */
    public String name() {
        return slug != null ? slug : id != null ? id : "unknown";
    }
}
