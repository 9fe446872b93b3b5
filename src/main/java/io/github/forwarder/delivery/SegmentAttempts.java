package io.github.forwarder.delivery;

import org.apache.camel.ExchangeProperty;

/** Counts the calls made to Segment for one event, retries included, for logs and dead-letter entries. */
public final class SegmentAttempts {

    public static final String PROPERTY = "segmentAttempts";

    public int next(@ExchangeProperty(PROPERTY) Integer attemptsSoFar) {
        return attemptsSoFar == null ? 1 : attemptsSoFar + 1;
    }
}
