package io.github.forwarder.bench.segment;

/** How a stand-in takes note of a request body: parsed for every messageId, or only counted. */
public interface MessageRecorder extends SegmentArrivals {

    /** Records one request body; false when it is refused (the stand-in then answers 400, as Segment does). */
    boolean record(byte[] body, long arrivalNanos);
}
