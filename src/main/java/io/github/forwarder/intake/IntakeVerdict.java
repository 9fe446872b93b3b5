package io.github.forwarder.intake;

import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.sentry.SentryEvent;
import org.apache.camel.Exchange;

/**
 * The intake's decision on one request ({@link IntakeInspector}): {@code accepted}, {@code filtered}, {@code invalid}
 * or {@code unauthorized}; the event as read, when there is one (the spool stores it beside the input, so delivery
 * does not read the input again); the reason it is filtered or refused; whether the body is one UTF-8 line as it is
 * (the spool then stores it unchanged).
 */
public record IntakeVerdict(String verdict, SentryEvent event, String reason, boolean oneUtf8Line) {

    /** The intake's verdict on the exchange's request. */
    public static IntakeVerdict of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.INTAKE_VERDICT, IntakeVerdict.class);
    }

    public boolean isAccepted() {
        return IntakeInspector.ACCEPTED.equals(verdict);
    }

    public boolean isFiltered() {
        return IntakeInspector.FILTERED.equals(verdict);
    }

    /** The event id, when there is an event. */
    public String eventId() {
        return event == null ? null : event.eventId();
    }

    /** The payload shape the event arrived in, for the received count; null without an event. */
    public String shape() {
        return event == null ? null : event.shape().label();
    }
}
