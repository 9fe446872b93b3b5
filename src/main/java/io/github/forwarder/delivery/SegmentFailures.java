package io.github.forwarder.delivery;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Which failed Segment calls are worth repeating: the network, timeouts, 408, 429 and 5xx. */
public final class SegmentFailures {

    private SegmentFailures() {
    }

    /** The latest failure: still on the exchange while it is handled, or moved to EXCEPTION_CAUGHT after. */
    public static Throwable of(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    public static boolean isTransient(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status == 408 || status == 429 || status >= 500;
        }
        return failure instanceof IOException;
    }

    /** One line for logs and dead-letter entries; never holds the write key (it travels in a header only). */
    public static String describe(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return "Segment answered " + http.getStatusCode()
                    + (http.getStatusText() == null ? "" : " " + http.getStatusText());
        }
        if (failure instanceof IOException) {
            return "Segment could not be reached: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
