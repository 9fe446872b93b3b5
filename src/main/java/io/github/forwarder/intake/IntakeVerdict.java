package io.github.forwarder.intake;

/**
 * The intake's decision on one request ({@link IntakeInspector}): {@code accepted}, {@code filtered}, {@code invalid}
 * or {@code unauthorized}; the event id when there is an event; the reason it is filtered or refused; the event's
 * input shape, when there is an event, for the received count.
 */
public record IntakeVerdict(String verdict, String eventId, String reason, String shape) {

    public boolean isAccepted() {
        return IntakeInspector.ACCEPTED.equals(verdict);
    }

    public boolean isFiltered() {
        return IntakeInspector.FILTERED.equals(verdict);
    }
}
