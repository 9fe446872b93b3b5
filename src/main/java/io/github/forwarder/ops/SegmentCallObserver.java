package io.github.forwarder.ops;

import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.delivery.SegmentRequests.SegmentRequest;
import java.time.Duration;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Watches every call to Segment (an exchange sent to an endpoint under segment.baseUrl): times it by status class,
 * counts a forwarded event per accepted call, and tells {@link SegmentReachability} whether Segment answered.
 * Observing the calls keeps the delivery routes free of metric steps.
 */
public final class SegmentCallObserver extends EventNotifierSupport {

    private final ForwarderMetrics metrics;
    private final SegmentReachability reachability;

    public SegmentCallObserver(ForwarderMetrics metrics, SegmentReachability reachability) {
        this.metrics = metrics;
        this.reachability = reachability;
        ObservedEvents.only(this);
        // Camel times a call, and reports it sent, only when a notifier took its "sending" event.
        setIgnoreExchangeSendingEvents(false);
        setIgnoreExchangeSentEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeEvent exchangeEvent && exchangeEvent.getExchange() != null
                && (event instanceof ExchangeSendingEvent sending && isSegment(sending.getExchange(), sending.getEndpoint())
                        || event instanceof ExchangeSentEvent sent && isSegment(sent.getExchange(), sent.getEndpoint()));
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        Throwable failure = exchange.getException();
        Integer status = failure instanceof HttpOperationFailedException http ? Integer.valueOf(http.getStatusCode())
                : failure == null ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        metrics.segmentRequest(status == null ? "error" : status / 100 + "xx", Duration.ofMillis(sent.getTimeTaken()));
        if (failure == null) {
            request(exchange).projects().forEach(metrics::forwarded);
        }
        if (status != null && status < 500) {
            reachability.answered();
        } else {
            reachability.failed();
        }
    }

    /** The call to the URL the delivery route chose (segment.baseUrl or a project's own region). */
    private static boolean isSegment(Exchange exchange, Endpoint endpoint) {
        SegmentRequest request = request(exchange);
        return request != null && endpoint.getEndpointUri().startsWith(request.url());
    }

    private static SegmentRequest request(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.SEGMENT_REQUEST, SegmentRequest.class);
    }
}
