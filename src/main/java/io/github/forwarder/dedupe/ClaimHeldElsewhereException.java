package io.github.forwarder.dedupe;

import java.io.IOException;

/**
 * Another forwarder holds this event's claim: its copy is in flight there, or that forwarder died with it. A
 * transient failure, so this copy is retried with backoff until the claim is delivered (then it is a duplicate) or
 * released or expired (then it goes on). Never dropped meanwhile.
 */
public final class ClaimHeldElsewhereException extends IOException {

    public ClaimHeldElsewhereException(String eventId) {
        super("event " + eventId + " is in flight in another forwarder; waiting for its outcome");
    }
}
