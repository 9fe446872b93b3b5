package io.github.forwarder.sentry;

/** The input is not JSON or holds no Sentry event: answered 400 by the intake, dead-lettered from other sources. */
public class InvalidSentryInputException extends RuntimeException {

    public InvalidSentryInputException(String reason) {
        super(reason);
    }
}
