package io.github.forwarder.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** Sentry times: float seconds since the epoch, or ISO-8601 text where no zone means UTC. */
final class SentryTimestamps {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** Seconds beyond LATEST, and text longer than any real time: refused before any arithmetic on them. */
    private static final BigDecimal MOST_SECONDS = BigDecimal.valueOf(LATEST.getEpochSecond() + 1);
    private static final BigDecimal HALF_MILLI = new BigDecimal("0.0005");
    private static final int LONGEST_TEXT = 64;

    private SentryTimestamps() {
    }

    /** The instant in the node, to the millisecond, or null when the node holds no usable time. */
    static Instant parse(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return JsonFields.isInfinite(node) ? null : fromSeconds(node.decimalValue());
        }
        String text = JsonFields.text(node);
        if (text == null || text.length() > LONGEST_TEXT) {
            return null;
        }
        try {
            return fromSeconds(new BigDecimal(text.trim()));
        } catch (NumberFormatException notSeconds) {
            return fromIso(text.trim());
        }
    }

    /**
     * Comparisons first: "1e-300000000" or "1e300000000" are short texts, and rescaling them would compute a number
     * with hundreds of millions of digits.
     */
    private static Instant fromSeconds(BigDecimal seconds) {
        if (seconds.abs().compareTo(MOST_SECONDS) > 0) {
            return null;
        }
        if (seconds.abs().compareTo(HALF_MILLI) < 0) {
            return withinRange(Instant.EPOCH);
        }
        try {
            long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
            return withinRange(Instant.ofEpochMilli(millis));
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    private static Instant fromIso(String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(
                    text.replace(' ', 'T'), OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return withinRange(instant.plusNanos(500_000).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        } catch (DateTimeParseException | ArithmeticException notATime) {
            return null;
        }
    }

    private static Instant withinRange(Instant instant) {
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }
}
