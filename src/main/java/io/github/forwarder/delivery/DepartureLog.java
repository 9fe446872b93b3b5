package io.github.forwarder.delivery;

import java.util.concurrent.TimeUnit;

/**
 * The Segment rate, one rule: per destination, a log of the requests that count against its rate. A request is
 * admitted only while fewer than {@code rate} entries count, and its entry counts from then: while pending (admitted,
 * not yet on the wire), then for {@link #WINDOW_NANOS} after it went on the wire. So any window of that length holds
 * at most {@code rate} departures at the wire, however requests bunch between the admission and the wire (a new
 * connection, code not yet compiled; and on the way after the wire, {@link #answered}), and a lower rate holds at once (nothing is admitted until the log drops under
 * it). Admissions also take turns a window / {@code rate} apart (up to {@link #EARLY_NANOS} early; a turn missed is
 * not made up), so the log's room is not taken in one burst that Segment would receive bunched. A backlog moves at
 * {@code rate} per window and way to the wire (to the answer for requests held up on it).
 * <p>
 * The window is a second and 20 ms: the margin is for the way from the wire to Segment's clock, which is not the
 * same for every request. An entry that never left frees its place at once ({@link #release}); one never marked nor
 * released (a crashed forwarder, a lost request) stops counting after the pending cap (the HTTP timeouts and a
 * window). The log is kept in this process ({@link LocalDepartureLog}) or in Redis for every forwarder on it
 * ({@link RedisDepartureLog}). Bucket4j is not used: a token bucket refills by the clock, not by when requests
 * really left, so it cannot hold the rule at the wire; the log needs nothing else.
 */
public interface DepartureLog {

    long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_020);
    long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long an entry counts after its answer: no margin, as Segment cannot have seen the request later. */
    long AFTER_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(1_005);
    /** How soon to ask again while every entry that counts is still pending (its end not known yet). */
    long PENDING_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Admits a request as pending {@code entry} and answers 0, or answers the nanoseconds until it may be
     * admitted (its turn, or an entry that may stop counting). {@code rate}: this forwarder's, unless a shared one was set since.
     */
    long tryAdmit(String key, String entry, int rate);

    /** The entry's request goes on the wire now: it counts for a window from now. */
    void left(String key, String entry);

    /**
     * The entry's request was answered now, {@code fastestNanos} being the quickest answer of its destination lately
     * (0 while not known): it counts until {@link #AFTER_ANSWER_NANOS} after now less that, if later. What a request took beyond the
     * quickest may have been spent on its way to Segment after it left (code not yet compiled, a busy CPU), and
     * Segment cannot have seen it after the answer: so the log holds at Segment's side of the wire too.
     */
    void answered(String key, String entry, long fastestNanos);

    /** The entry's request ended without going on the wire (refused connection, a stop): it counts no more. */
    void release(String key, String entry);

    /** The rate set on this forwarder (at start, over JMX): with Redis the rate of every forwarder on it. */
    default void share(int rate) {
    }
}
