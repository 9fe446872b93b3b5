package io.github.forwarder.ops;

import io.github.forwarder.delivery.CallInFlight;
import io.github.forwarder.delivery.SegmentFailures;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailureHandlingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every redelivery (the only redelivering error handler repeats Segment calls) and writes one WARN line
 * when the retries of a transient failure of Segment calls are exhausted, with the event id and the reason; the
 * dead-letter line follows it. Other failures handled by an error handler (the intake's store refusing an event, a
 * dry-run write) made no Segment call, so they are not Segment's to report.
 */
public final class RetryObserver extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RetryObserver.class);

    private final ForwarderMetrics metrics;

    public RetryObserver(ForwarderMetrics metrics) {
        this.metrics = metrics;
        ObservedEvents.only(this);
        setIgnoreExchangeRedeliveryEvents(false);
        setIgnoreExchangeFailedEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeRedeliveryEvent || event instanceof ExchangeFailureHandlingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeRedeliveryEvent) {
            metrics.retried();
            return;
        }
        Exchange exchange = ((ExchangeFailureHandlingEvent) event).getExchange();
        Throwable failure = SegmentFailures.of(exchange);
        CallInFlight call = CallInFlight.of(exchange);
        int attempts = call == null ? 0 : call.attempts();
        if (attempts > 0 && failure != null && SegmentFailures.isTransient(failure)) {
            LOG.warn("Retries exhausted for Sentry event {} after {} attempts: {}", call.eventId(), attempts,
                    SegmentFailures.describe(failure));
        }
    }
}
