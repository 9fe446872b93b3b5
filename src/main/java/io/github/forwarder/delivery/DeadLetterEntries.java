package io.github.forwarder.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import io.github.forwarder.sentry.SentryEvent;
import io.github.forwarder.sentry.SentryProject;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Writes the dead-letter entry of an event that could not be delivered: the original input, the reason,
 * Segment's last answer and the message that was refused, so it can be understood and replayed.
 */
public final class DeadLetterEntries {

    private static final int MAX_ANSWER_CHARS = 2000;

    private final ObjectMapper mapper;
    private final Supplier<Instant> clock;

    public DeadLetterEntries(ObjectMapper mapper, Supplier<Instant> clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Replaces the body (the {@link CallInFlight}) with its entry and names its file after the event id (one entry
     * per event); the call keeps the reason, for the log line.
     */
    public void describe(Exchange exchange) throws IOException {
        CallInFlight call = CallInFlight.of(exchange);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String eventId = call.eventId();
        String messageId = call.messageId();
        String reason = reason(failure, call.attempts());

        ObjectNode entry = mapper.createObjectNode();
        entry.put("eventId", eventId);
        entry.put("messageId", messageId);
        entry.put("segmentCall", call.call() == null ? null : call.call().call());
        SentryEvent event = call.event();
        if (event != null && event.project() != SentryProject.UNKNOWN) {
            entry.set("project", mapper.valueToTree(event.project()));
        }
        entry.put("reason", reason);
        entry.put("failedAt", clock.get().toString());
        entry.put("segmentAttempts", call.attempts());
        if (failure instanceof HttpOperationFailedException http) {
            ObjectNode answer = entry.putObject("segmentAnswer");
            answer.put("status", http.getStatusCode());
            String body = http.getResponseBody();
            answer.put("body", body == null || body.length() <= MAX_ANSWER_CHARS ? body
                    : body.substring(0, MAX_ANSWER_CHARS) + "...");
        }
        if (call.call() != null) {
            entry.set("segmentMessage", mapper.readTree(call.call().json()));
        }
        entry.put("input", call.input());

        call.deadLettered(reason);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName(eventId, messageId));
        exchange.getMessage().setBody(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(entry));
    }

    private static String reason(Throwable failure, int attempts) {
        if (failure == null) {
            return "unknown failure";
        }
        String reason = SegmentFailures.describe(failure);
        if (SegmentFailures.isTransient(failure)) {
            return reason + "; gave up after " + attempts + " attempts";
        }
        if (failure instanceof HttpOperationFailedException) {
            return reason + "; not retried (a 4xx answer is permanent)";
        }
        return reason;
    }

    /** Named after the Sentry event, else the Segment message (sink calls), else the time it failed. */
    private String fileName(String eventId, String messageId) {
        if (eventId != null) {
            return eventId + ".json";
        }
        if (messageId != null) {
            return "message-" + messageId.replaceAll("[^0-9A-Za-z_-]", "_") + ".json";
        }
        return "unreadable-" + clock.get().toEpochMilli() + "-" + UUID.randomUUID() + ".json";
    }
}
