package io.github.forwarder.segment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Segment's timestamps: ISO-8601 in UTC with milliseconds and Z (not Sentry's "+00:00Z"). */
public final class SegmentTimestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SegmentTimestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
