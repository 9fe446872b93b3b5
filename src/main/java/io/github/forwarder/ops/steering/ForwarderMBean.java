package io.github.forwarder.ops.steering;

/**
 * What operators read and change over JMX as {@code io.github.forwarder:type=Forwarder}: from Hawtio's JMX view,
 * through /observe/jolokia, or any JMX tool.
 */
public interface ForwarderMBean {

    /** Most Segment requests per destination in any 1-second window. */
    int getThrottleRate();

    /** A new rate holds for every destination within a second. */
    void setThrottleRate(int rate);

    /** True while delivery takes no new events (the intake still accepts and stores them). */
    boolean isPaused();

    /** Events being delivered now: waiting for the rate, for Segment's answer or for a retry. */
    int getInFlight();

    /** Entries in the dead-letter store now. */
    long getDeadLetters();

    /** Events Segment took since start. */
    long getForwarded();

    /** Delivery stops taking new events; those in flight finish; the intake keeps accepting and storing. */
    void pause();

    /** Delivery takes events again, starting with those stored while paused. */
    void resume();

    /** Every dead letter is replayed (see README "Replaying dead letters"); answers how many. */
    int replayDeadLetters();
}
