package io.github.forwarder.segment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Segment's timestamps: ISO-8601 in UTC with milliseconds and Z (not Sentry's "+00:00Z"). */
public final class SegmentTimestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SegmentTimestamps() {
    }

    /**
     * The same text as the pattern {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC. Years 1000 to 9999 (every time an
     * event can carry) are printed directly: the general formatter took 2% of a backfill's CPU, one per event.
     */
    public static String format(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (time.getYear() < 1000 || time.getYear() > 9999) {
            return FORMAT.format(instant);
        }
        char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(text, 0, 4, time.getYear());
        digits(text, 5, 2, time.getMonthValue());
        digits(text, 8, 2, time.getDayOfMonth());
        digits(text, 11, 2, time.getHour());
        digits(text, 14, 2, time.getMinute());
        digits(text, 17, 2, time.getSecond());
        digits(text, 20, 3, time.getNano() / 1_000_000);
        return new String(text);
    }

    private static void digits(char[] text, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
