package io.github.forwarder.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Runs when a Segment call fails, before Camel waits to redeliver: a Retry-After answer (seconds or an HTTP
 * date, capped) replaces the exponential backoff for that wait.
 */
public final class RetryAfter implements Processor {

    private final long maximumDelayMs;
    private final Supplier<Instant> clock;

    public RetryAfter(long maximumDelayMs, Supplier<Instant> clock) {
        this.maximumDelayMs = maximumDelayMs;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long delay = failure instanceof HttpOperationFailedException http ? delayMs(http.getResponseHeaders()) : null;
        if (delay == null) {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        }
    }

    Long delayMs(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Math.round(Double.parseDouble(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                millis = Duration.between(clock.get(), at).toMillis();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        return Math.max(0, Math.min(millis, maximumDelayMs));
    }
}
