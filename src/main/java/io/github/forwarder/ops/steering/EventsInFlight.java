package io.github.forwarder.ops.steering;

/**
 * The steering MBean's InFlight: what the forwarding route holds now. The route's steps implement it and are found
 * in the registry by this type, so operations need not know the route's classes.
 */
public interface EventsInFlight {

    /** Sentry events being forwarded now, including those that went on alone (retried, dead-lettered). */
    int inFlight();
}
