package io.github.forwarder.ops;

import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.delivery.CallInFlight;
import io.github.forwarder.intake.IntakeMarks;
import io.github.forwarder.intake.IntakeVerdict;
import io.github.forwarder.sentry.SentryEvent;
import org.apache.camel.Exchange;

/**
 * What the routes report, by bean name {@code forwarderEventCounts}. Each event is counted as received once, where it
 * enters: the HTTP intake counts what it reads, and the forwarding route counts what it reads from
 * forwarder.source unless the intake handed it over ({@link IntakeMarks}).
 */
public final class EventCounts {

    private final ForwarderMetrics metrics;
    private final DeadLetterStore deadLetters;

    public EventCounts(ForwarderMetrics metrics, DeadLetterStore deadLetters) {
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /** After the intake's verdict: accepted and filtered events were received over HTTP; filtered ones say why. */
    public void atIntake(IntakeVerdict verdict) {
        if (verdict.shape() != null) {
            metrics.received("http", verdict.shape());
        }
        if (verdict.isFiltered()) {
            metrics.filtered(verdict.reason());
        }
    }

    /**
     * Where the forwarding route's events were first received, or null when they were counted already: the
     * intake's own hand-offs and replays. Otherwise the source's scheme ({@code file}, {@code jms}).
     */
    public String firstReceivedFrom(Exchange exchange) {
        if (exchange.getMessage().getHeader(IntakeMarks.HEADER) != null
                || fileName(exchange).startsWith(IntakeMarks.FILE_PREFIX)
                || exchange.getProperty(ExchangeProperties.REPLAY_AS) != null || exchange.getFromEndpoint() == null) {
            return null;
        }
        return exchange.getFromEndpoint().getEndpointKey().split(":", 2)[0];
    }

    /** An event the forwarding route read from forwarder.source, first received there. */
    public void received(String source, SentryEvent event) {
        metrics.received(source, event.shape().label());
    }

    public void filtered(String reason) {
        metrics.filtered(reason);
    }

    public void deadLettered(CallInFlight call) {
        String project = call.project();
        metrics.deadLettered(project == null ? ForwarderMetrics.NO_PROJECT : project);
        deadLetters.written();
    }

    /** For the dead-letter replay route: {@code - bean: {ref: forwarderEventCounts, method: replayed}}. */
    public void replayed() {
        metrics.replayed();
    }

    private static String fileName(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return name == null ? "" : name;
    }
}
