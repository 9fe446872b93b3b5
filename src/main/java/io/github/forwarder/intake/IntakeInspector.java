package io.github.forwarder.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Sets the exchange properties {@code intakeVerdict}, {@code eventId}, {@code answerStatus} and {@code answer}, and
 * {@code sentryShape} and {@value #ONE_UTF8_LINE} (read by {@link IntakeSpool}) when there is an event.
 */
public final class IntakeInspector implements Processor {

    public static final String ACCEPTED = "accepted";
    public static final String FILTERED = "filtered";
    public static final String INVALID = "invalid";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String UNSUPPORTED_RESOURCE = "unsupported-resource";
    /** The body is an NDJSON line as it is (SentryEventReader.FilterRead): the spool appends the LF and no more. */
    static final String ONE_UTF8_LINE = "intakeOneUtf8Line";

    /** Integration-platform resources that carry an event; others (installation, issue, ...) are not ours. */
    private static final Set<String> EVENT_RESOURCES = Set.of("error", "event_alert");

    private final SentrySignatures signatures;
    private final SentryEventReader reader;
    private final ForwardingFilter filter;
    private final ObjectMapper mapper;

    public IntakeInspector(SentrySignatures signatures, SentryEventReader reader, ForwardingFilter filter,
                           ObjectMapper mapper) {
        this.signatures = signatures;
        this.reader = reader;
        this.filter = filter;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        // First, so that nothing about an unauthenticated request is read or answered beyond the 401.
        String refusal = signatures.refusal(exchange.getMessage(), body);
        if (refusal != null) {
            answer(exchange, UNAUTHORIZED, 401, null, refusal);
            return;
        }
        String resource = exchange.getMessage().getHeader("Sentry-Hook-Resource", String.class);
        if (resource != null && !EVENT_RESOURCES.contains(resource)) {
            answer(exchange, FILTERED, 202, null, UNSUPPORTED_RESOURCE);
            return;
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            answer(exchange, INVALID, 400, null,
                    "Content-Type " + contentType + " is not read; send the Sentry event as application/json");
            return;
        }
        SentryEvent event;
        try {
            SentryEventReader.FilterRead read = reader.readToFilter(body);
            event = read.event();
            exchange.setProperty(ONE_UTF8_LINE, read.oneUtf8Line());
        } catch (InvalidSentryInputException invalid) {
            answer(exchange, INVALID, 400, null, invalid.getMessage());
            return;
        }
        exchange.setProperty("sentryShape", event.shape().label());
        String reason = filter.reasonToSkip(event);
        answer(exchange, reason == null ? ACCEPTED : FILTERED, 202, event.eventId(), reason);
    }

    private void answer(Exchange exchange, String verdict, int status, String eventId, String reason)
            throws JsonProcessingException {
        ObjectNode body = mapper.createObjectNode();
        if (status >= 400) {
            body.put("error", reason);
        } else {
            body.put("status", verdict);
            body.put("eventId", eventId);
            if (reason != null) {
                body.put("reason", reason);
            }
        }
        exchange.setProperty("intakeVerdict", verdict);
        exchange.setProperty("eventId", eventId);
        exchange.setProperty("filterReason", reason);
        exchange.setProperty("answerStatus", status);
        exchange.setProperty("answer", mapper.writeValueAsString(body));
    }
}
