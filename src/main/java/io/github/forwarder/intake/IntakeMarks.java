package io.github.forwarder.intake;

/**
 * How the forwarding route knows that the intake handed an event over (and counted it as received already): a
 * JMS message carries the {@link #HEADER} header, and a spool file's name starts with {@link #FILE_PREFIX}.
 */
public final class IntakeMarks {

    public static final String HEADER = "SentryIntake";
    public static final String FILE_PREFIX = "http-";

    private IntakeMarks() {
    }
}
