package io.github.forwarder.delivery;

import org.apache.camel.Exchange;

/**
 * Decides, after each failed Segment call, whether to call again: only while the latest failure is transient
 * and retries remain. Asked on every failure, so a 401 after a 503 ends the retries at once.
 */
public final class SegmentRetries {

    private final int maximumRedeliveries;

    /** @param maximumRedeliveries retries after the first call; -1 retries for as long as failures are transient */
    public SegmentRetries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = exchange.getProperty(SegmentAttempts.PROPERTY, 0, Integer.class);
        return SegmentFailures.isTransient(failure) && (maximumRedeliveries < 0 || attempts <= maximumRedeliveries);
    }
}
