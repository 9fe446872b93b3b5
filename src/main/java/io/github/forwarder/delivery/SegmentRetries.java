package io.github.forwarder.delivery;

import org.apache.camel.Exchange;

/**
 * Decides, after each failed Segment call, whether to call again: only while the latest failure is transient
 * and retries remain. Asked on every failure, so a 401 after a 503 ends the retries at once. While the forwarder
 * is stopping it neither retries nor gives up: the failure is left unhandled so the source keeps the event
 * (the spool file stays, a JMS transaction rolls back) for the next start.
 */
public final class SegmentRetries {

    private final int maximumRedeliveries;

    /** @param maximumRedeliveries retries after the first call; -1 retries for as long as failures are transient */
    public SegmentRetries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = SegmentFailures.of(exchange);
        CallInFlight call = CallInFlight.of(exchange);
        int attempts = call == null ? 0 : call.attempts();
        return SegmentFailures.isTransient(failure) && (maximumRedeliveries < 0 || attempts <= maximumRedeliveries)
                && !isStopping(exchange);
    }

    /** Whether giving up on this event is final (dead-letter it), rather than a stop interrupting it. */
    public boolean isFinal(Exchange exchange) {
        return !isStopping(exchange);
    }

    private static boolean isStopping(Exchange exchange) {
        return exchange.getContext().isStopping() || exchange.getContext().isStopped();
    }
}
