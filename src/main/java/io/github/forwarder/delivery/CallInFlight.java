package io.github.forwarder.delivery;

import io.github.forwarder.sentry.SentryEvent;
import org.apache.camel.Exchange;

/**
 * One Segment call on its way alone, as the exchange body of deliver-call-alone, deliver-to-segment, the retries
 * and the dead-letter writer: the Sentry event it comes from (with its input, as a dead letter keeps it), the call
 * and its destination, the claim it settles, the failure it starts from, the attempts made and, once written, why
 * it was dead-lettered. The routes and the dead-letter entry read all of it from here.
 */
public final class CallInFlight {

    /** The Sentry document as received; null for a sink or identify call (its dead letter replays the message). */
    private final String input;
    /** Null for a sink or identify call, and for input that could not be read. */
    private final SentryEvent event;
    /** Null while there is no call to send: unreadable input, an event that could not be shaped, a claim awaited. */
    private SegmentCall call;
    /** The event id (Track call) or user id (identify call) whose claim the exchange settles; null for none. */
    private String claim;
    /** The failure to start from: a first attempt that failed in its batch, or why there is no call. */
    private Throwable failure;
    private int attempts;
    /** Another forwarder holds the event's claim: the call is made once this copy claims it. */
    private boolean waitsForClaim;
    private String deadLetterReason;

    public CallInFlight(String input, SentryEvent event, SegmentCall call, String claim, Throwable failure,
            boolean attempted, boolean waitsForClaim) {
        this.input = input;
        this.event = event;
        this.call = call;
        this.claim = claim;
        this.failure = failure;
        this.attempts = attempted ? 1 : 0;
        this.waitsForClaim = waitsForClaim;
    }

    /** A call of its own (a segment-sink call, an identify call): no Sentry input behind it. */
    public static CallInFlight of(SegmentCall call, String claim) {
        return new CallInFlight(null, null, call, claim, null, false, false);
    }

    /** The exchange's call, or null when its body is something else. */
    public static CallInFlight of(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof CallInFlight call ? call : null;
    }

    public String input() {
        return input;
    }

    public SentryEvent event() {
        return event;
    }

    public String eventId() {
        return event == null ? null : event.eventId();
    }

    public SegmentCall call() {
        return call;
    }

    public String messageId() {
        return call == null ? null : call.messageId();
    }

    public String claim() {
        return claim;
    }

    public Throwable failure() {
        return failure;
    }

    public int attempts() {
        return attempts;
    }

    /** Whether a first attempt was already made (in its batch). */
    public boolean attempted() {
        return attempts > 0;
    }

    public boolean waitsForClaim() {
        return waitsForClaim;
    }

    public boolean isTrack() {
        return call != null && call.isTrack();
    }

    /** A call without a write key is written to the dry-run folder instead of sent. */
    public boolean isDryRun() {
        return call != null && call.destination().isDryRun();
    }

    /** The Sentry project it is counted for; null for a sink call. */
    public String project() {
        return call != null ? call.project() : event != null ? event.project().name() : null;
    }

    /** This copy now holds the event's claim: its Track call is made. */
    public void claimed(SegmentCall track) {
        this.call = track;
        this.claim = event.eventId();
        this.waitsForClaim = false;
    }

    /**
     * The step before each attempt: the failure this call starts from is raised once (the route's error handler
     * takes it as the call's first failure: retried with backoff, or dead-lettered), else the attempt is counted.
     */
    public void nextAttempt() throws Exception {
        Throwable earlier = failure;
        if (earlier != null) {
            failure = null;
            if (earlier instanceof Exception exception) {
                throw exception;
            }
            throw new IllegalStateException(earlier);
        }
        if (call == null) {
            throw new IllegalStateException("no Segment call to send");
        }
        attempts++;
    }

    public void deadLettered(String reason) {
        this.deadLetterReason = reason;
    }

    public String deadLetterReason() {
        return deadLetterReason;
    }

    /** What it is, for the log: "Sentry event <id> (project <p>)" or "Segment <call> <messageId>". */
    public String label() {
        return event != null ? "Sentry event " + event.eventId() + " (project " + event.project().name() + ")"
                : "Segment " + (call == null ? "message" : call.call()) + " " + messageId();
    }
}
