package io.github.forwarder.delivery;

import io.github.forwarder.segment.SegmentDestinations.Destination;

/**
 * One checked Segment call on its way: its type ({@code track}, {@code identify}, ...), messageId, JSON text,
 * destination and the project it is counted for. Delivery posts it alone or in a batch request.
 */
public record SegmentCall(String call, String messageId, String json, Destination destination, String project) {

    public static final String TRACK = "track";
    public static final String IDENTIFY = "identify";

    public boolean isTrack() {
        return TRACK.equals(call);
    }
}
