package io.github.forwarder.segment;

/** A message Segment would accept with 200 and then drop, so it is refused before sending. */
public class InvalidSegmentMessageException extends RuntimeException {

    public InvalidSegmentMessageException(String reason) {
        super(reason);
    }
}
