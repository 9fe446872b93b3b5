package io.github.forwarder.dedupe;

import java.io.IOException;

/**
 * Another living forwarder holds this event's claim: its copy is in flight there. A transient failure, so this copy
 * is retried with backoff until that one is delivered (then it is a duplicate), or its claim is released or its
 * forwarder's heartbeat expired (then it goes on). Never dropped meanwhile. (From a JMS queue the copy waits on the
 * queue instead: {@code ClaimWaits}.)
 */
public final class ClaimHeldElsewhereException extends IOException {

    public ClaimHeldElsewhereException(String eventId) {
        super("event " + eventId + " is in flight in another forwarder; waiting for its outcome");
    }
}
