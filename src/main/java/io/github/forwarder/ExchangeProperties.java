package io.github.forwarder;

/**
 * Every exchange property the routes and the Java steps share, and why each is a property: the body carries
 * everything else (a Segment call on its way is a {@code delivery.CallInFlight}, a chunk of Sentry events a
 * {@code chunk.EventChunk}). A property is used only where the body must be something else at that point (the
 * HTTP request's bytes, the replayed file) or where one route hands a decision to the next step.
 */
public final class ExchangeProperties {

    /** The intake's decision on a request ({@code intake.IntakeVerdict}): the body stays the request's bytes. */
    public static final String INTAKE_VERDICT = "intakeVerdict";
    /** An HTTP endpoint's answer ({@link Answer}), decided before the step that writes it (ops.JsonAnswers). */
    public static final String ANSWER = "answer";
    /** What a replayed dead letter is ({@code sentry-event} or {@code segment-call}): the body is its content. */
    public static final String REPLAY_AS = "replayAs";
    /** A request to Segment ({@code delivery.SegmentRequests.SegmentRequest}: URL, projects): the body is its bytes. */
    public static final String SEGMENT_REQUEST = "segmentRequest";
    /** The destination key the rate step (delivery.SegmentRateLimit) reads on a request to Segment. */
    public static final String RATE_KEY = "segmentRateKey";

    /** An HTTP status and its JSON body. */
    public record Answer(int status, String json) {
    }

    private ExchangeProperties() {
    }
}
