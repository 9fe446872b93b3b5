package io.github.forwarder.chunk;

import io.github.forwarder.delivery.CallInFlight;
import io.github.forwarder.delivery.SegmentCall;
import io.github.forwarder.sentry.SentryEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The unit of work of the forwarding routes: a chunk of Sentry events (lines of an NDJSON file, or one document)
 * passes the routes as one exchange, and each event keeps its own outcome. Events the chunk could not finish
 * (a failed Segment call, bad input, dry-run) leave it as {@link CallInFlight}s, each to be retried, written or
 * dead-lettered alone.
 */
public final class EventChunk {

    /** One Segment call of the chunk and what became of it. */
    public static final class Call {
        final SegmentCall segment;
        /** The claim the call settles: an event id (Track call) or a user id (identify call). */
        final String claim;
        final Event event;
        /** Taken by a delivery step (sent, or set aside as a dry-run). */
        boolean attempted;
        boolean delivered;
        /** Goes on alone: failed here, or is a dry-run. */
        boolean alone;
        Throwable failure;

        Call(SegmentCall segment, String claim, Event event) {
            this.segment = segment;
            this.claim = claim;
            this.event = event;
        }
    }

    /** One input document of the chunk, from its bytes to its outcome. */
    public static final class Event {
        /** The document's bytes (of a stored line, once read: the input it holds); null when it could not be read. */
        ByteBuffer input;
        /** Its line in an NDJSON file, from 1; 0 for a document that is a whole file or message. */
        final long line;
        SentryEvent sentry;
        String filterReason;
        boolean claimed;
        /** Another forwarder holds its claim: it goes on alone, waiting for that copy's outcome. */
        boolean waitsForClaim;
        Call track;
        Throwable failure;

        Event(ByteBuffer input, long line) {
            this.input = input;
            this.line = line;
        }

        String inputText() {
            return input == null ? null : new String(input.array(), input.arrayOffset() + input.position(), input.remaining(), StandardCharsets.UTF_8);
        }
    }

    final List<Event> events = new ArrayList<>();
    final List<Call> identifies = new ArrayList<>();
    /** The file or message the documents come from, as a dead letter names it. */
    final String source;
    private Runnable whenDone = () -> { };

    public EventChunk(String source) {
        this.source = source;
    }

    /** A document: line 0 for a whole file or message, else its line in an NDJSON file. */
    public void add(ByteBuffer document, long line) {
        events.add(new Event(document, line));
    }

    /**
     * A document of the file that could not be read (a line over the size limit, a read error): it is dead-lettered
     * alone with the reason, and the input it has (none, or its start).
     */
    public void addUnreadable(ByteBuffer input, RuntimeException reason) {
        Event event = new Event(input, 0);
        event.failure = reason;
        events.add(event);
    }

    /** Runs once the chunk is done (delivered, dead-lettered or failed): its file may then read on. */
    public void whenDone(Runnable action) {
        whenDone = action;
    }

    void done() {
        whenDone.run();
    }

    public int size() {
        return events.size();
    }

    /** The calls made but not yet sent: Track calls first, then identify calls. */
    List<Call> unsent() {
        List<Call> calls = new ArrayList<>();
        for (Event event : events) {
            if (event.track != null && !event.track.attempted) {
                calls.add(event.track);
            }
        }
        identifies.stream().filter(call -> !call.attempted).forEach(calls::add);
        return calls;
    }

    /** Everything that goes on alone, for the route's split. */
    public List<CallInFlight> leftovers() {
        List<CallInFlight> leftovers = new ArrayList<>();
        for (Event event : events) {
            if (event.waitsForClaim) {
                leftovers.add(new CallInFlight(event.inputText(), event.sentry, null, null, null, false, true));
            } else if (event.failure != null) {
                leftovers.add(new CallInFlight(event.inputText(), event.sentry, null, event.claimed
                        ? event.sentry.eventId() : null, event.failure, false, false));
            } else if (event.track != null && event.track.alone) {
                leftovers.add(leftover(event.track));
            }
        }
        identifies.stream().filter(call -> call.alone).forEach(call -> leftovers.add(leftover(call)));
        return leftovers;
    }

    /** An identify call goes on with no event: its dead letter is the message itself, replayed as a call. */
    private static CallInFlight leftover(Call call) {
        Event event = call.event;
        boolean identify = !call.segment.isTrack();
        return new CallInFlight(identify ? null : event.inputText(), identify ? null : event.sentry, call.segment,
                call.claim, call.failure, call.failure != null, false);
    }
}
