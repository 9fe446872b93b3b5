package io.github.forwarder.bench.sentry;

/** One Sentry event as posted to the intake or written to a backfill line, and whether it must reach Segment. */
public record GeneratedEvent(String eventId, boolean forwardable, byte[] json) {

    /** The messageId the forwarder (and the baseline) give its Track call. */
    public String messageId() {
        return "sentry-" + eventId;
    }
}
