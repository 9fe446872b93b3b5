package io.github.forwarder.delivery;

import io.github.forwarder.segment.SegmentDestinations.Destination;
import java.nio.charset.StandardCharsets;

/**
 * One checked Segment call on its way: its type ({@code track}, {@code identify}, ...), messageId, JSON as UTF-8
 * (what the request carries, as written once), destination and the project it is counted for. Delivery posts it
 * alone or in a batch request.
 */
public record SegmentCall(String call, String messageId, byte[] json, Destination destination, String project) {

    public static final String TRACK = "track";
    public static final String IDENTIFY = "identify";

    /** The JSON as text, for a log line or a dry-run file. */
    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }

    public boolean isTrack() {
        return TRACK.equals(call);
    }
}
