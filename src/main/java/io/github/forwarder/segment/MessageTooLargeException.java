package io.github.forwarder.segment;

/** A message still over Segment's 32 KB limit after trimming: dead-lettered, never sent. */
public class MessageTooLargeException extends RuntimeException {

    public MessageTooLargeException(int bytes) {
        super("Segment message is " + bytes + " bytes after trimming, over Segment's limit of "
                + TrackMessageBuilder.MAX_MESSAGE_BYTES + " bytes");
    }
}
