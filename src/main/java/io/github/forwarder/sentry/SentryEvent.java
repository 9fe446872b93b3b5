package io.github.forwarder.sentry;

import java.time.Instant;

/**
 * What the forwarder needs of one Sentry event, whatever shape it arrived in.
 * Text fields are never null except {@code type}, the {@code user*} fields, {@code exceptionType} and {@code request}.
 * {@code shape} says which Sentry payload held the event.
 */
public record SentryEvent(
        String eventId,
        String type,
        String userId,
        String userIp,
        String userEmail,
        String userName,
        Instant timestamp,
        String release,
        String environment,
        String level,
        String transaction,
        int exceptionCount,
        String exceptionType,
        Request request,
        SentryProject project,
        SentryShape shape) {

    /** The HTTP request the event was captured in; null fields were not sent. */
    public record Request(String url, String method, String search, String userAgent, String referrer) {
    }
}
