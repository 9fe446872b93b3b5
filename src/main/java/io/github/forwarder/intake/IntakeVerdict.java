package io.github.forwarder.intake;

/**
 * The intake's decision on one request ({@link IntakeInspector}): {@code accepted}, {@code filtered}, {@code invalid}
 * or {@code unauthorized}; the event id when there is an event; the reason it is filtered or refused; the event's
 * input shape, when there is an event, for the received count; whether the body is one UTF-8 line as it is (the
 * spool then appends the LF and no more).
 */
public record IntakeVerdict(String verdict, String eventId, String reason, String shape, boolean oneUtf8Line) {

    public boolean isAccepted() {
        return IntakeInspector.ACCEPTED.equals(verdict);
    }

    public boolean isFiltered() {
        return IntakeInspector.FILTERED.equals(verdict);
    }
}
