package io.github.forwarder.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.ExchangeProperties.Answer;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.InvalidSentryInputException;
import io.github.forwarder.sentry.SentryEvent;
import io.github.forwarder.sentry.SentryEventReader;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Decides the HTTP intake's answer before anything is stored (README "Inputs", its answers table): 401 for a missing or wrong
 * signature or token, 400 for input without a Sentry event, 202 with the reason for filtered events, 202 for
 * events handed on for forwarding. (413 is answered before the body reaches Camel: {@link OversizeBodyAnswer}.)
 * Sets the exchange properties {@code intakeVerdict} (an {@link IntakeVerdict}) and {@code answer}, and counts the
 * request's event as received and, if so, filtered. The body is read once, as bytes, and stays so for the steps
 * after (one step where a conversion and a bean call took two more on every request).
 */
public final class IntakeInspector implements Processor {

    public static final String ACCEPTED = "accepted";
    public static final String FILTERED = "filtered";
    public static final String INVALID = "invalid";
    public static final String UNAUTHORIZED = "unauthorized";

    /** Integration-platform resources that carry an event; others (installation, issue, ...) are not ours. */
    private static final Set<String> EVENT_RESOURCES = Set.of("error", "event_alert");

    private final SentrySignatures signatures;
    private final SentryEventReader reader;
    private final ForwardingFilter filter;
    private final ObjectMapper mapper;
    private final EventCounts counts;

    public IntakeInspector(SentrySignatures signatures, SentryEventReader reader, ForwardingFilter filter,
                           ObjectMapper mapper, EventCounts counts) {
        this.signatures = signatures;
        this.reader = reader;
        this.filter = filter;
        this.mapper = mapper;
        this.counts = counts;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(body);
        // First, so that nothing about an unauthenticated request is read or answered beyond the 401.
        String refusal = signatures.refusal(exchange.getMessage(), body);
        if (refusal != null) {
            answer(exchange, UNAUTHORIZED, 401, refusal);
            return;
        }
        String resource = exchange.getMessage().getHeader("Sentry-Hook-Resource", String.class);
        if (resource != null && !EVENT_RESOURCES.contains(resource)) {
            answer(exchange, FILTERED, 202, ForwardingFilter.UNSUPPORTED_RESOURCE);
            return;
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            answer(exchange, INVALID, 400,
                    "Content-Type " + contentType + " is not read; send the Sentry event as application/json");
            return;
        }
        SentryEventReader.Read read;
        try {
            read = reader.readBody(body);
        } catch (InvalidSentryInputException invalid) {
            answer(exchange, INVALID, 400, invalid.getMessage());
            return;
        }
        SentryEvent event = read.event();
        String reason = filter.reasonToSkip(event);
        answer(exchange, new IntakeVerdict(reason == null ? ACCEPTED : FILTERED, event, reason, read.oneUtf8Line()),
                202);
    }

    private void answer(Exchange exchange, String verdict, int status, String reason)
            throws JsonProcessingException {
        answer(exchange, new IntakeVerdict(verdict, null, reason, false), status);
    }

    private void answer(Exchange exchange, IntakeVerdict verdict, int status) throws JsonProcessingException {
        String eventId = verdict.eventId();
        String reason = verdict.reason();
        ObjectNode body = mapper.createObjectNode();
        if (status >= 400) {
            body.put("error", reason);
        } else {
            body.put("status", verdict.verdict());
            body.put("eventId", eventId);
            if (reason != null) {
                body.put("reason", reason);
            }
        }
        exchange.setProperty(ExchangeProperties.INTAKE_VERDICT, verdict);
        exchange.setProperty(ExchangeProperties.ANSWER, new Answer(status, mapper.writeValueAsString(body)));
        counts.atIntake(verdict);
    }
}
