package io.github.forwarder.delivery;

import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;

/**
 * The segment-sink's step, and a replayed sink call's: the body checked and completed as a call of its type
 * ({@link SegmentCalls}), bound for the route's own write key or else segment.writeKey, as the call the delivery
 * route sends.
 */
public final class SegmentSinkCalls {

    private final SegmentCalls calls;
    private final SegmentDestinations destinations;

    public SegmentSinkCalls(SegmentCalls calls, SegmentDestinations destinations) {
        this.calls = calls;
        this.destinations = destinations;
    }

    /** @param writeKey the Kamelet's writeKey, blank when the route did not give one */
    public CallInFlight prepare(Object body, String type, String writeKey) {
        SegmentCalls.Prepared prepared = calls.prepare(type, body);
        return CallInFlight.of(new SegmentCall(type, prepared.messageId(), prepared.json(),
                destinations.forSink(writeKey), null), null);
    }
}
