package io.github.forwarder.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Counts the calls made to Segment for one event, retries included, for logs and dead-letter entries. A call
 * first tried in a batch comes here with that attempt counted and its failure in {@value #EARLIER_FAILURE}:
 * raised once, the delivery route's error handler takes it as the call's first failure (retry with backoff and
 * Retry-After, or dead-letter), and the retry goes on to send it.
 */
public final class SegmentAttempts {

    public static final String PROPERTY = "segmentAttempts";
    public static final String EARLIER_FAILURE = "segmentEarlierFailure";

    public int next(@ExchangeProperty(PROPERTY) Integer attemptsSoFar) {
        return attemptsSoFar == null ? 1 : attemptsSoFar + 1;
    }

    /** Throws the failure of the attempt made in a batch, once; does nothing otherwise. */
    public void raiseEarlierFailure(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(EARLIER_FAILURE, Throwable.class);
        if (failure == null) {
            return;
        }
        exchange.removeProperty(EARLIER_FAILURE);
        if (failure instanceof Exception exception) {
            throw exception;
        }
        throw new IllegalStateException(failure);
    }
}
