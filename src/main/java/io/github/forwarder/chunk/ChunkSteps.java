package io.github.forwarder.chunk;

import io.github.forwarder.chunk.EventChunk.Call;
import io.github.forwarder.chunk.EventChunk.Event;
import io.github.forwarder.dedupe.ClaimHeldElsewhereException;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.delivery.CallInFlight;
import io.github.forwarder.delivery.SegmentCall;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.ops.steering.EventsInFlight;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.InvalidSentryInputException;
import io.github.forwarder.sentry.SentryEvent;
import io.github.forwarder.sentry.SentryEventReader;
import io.github.forwarder.sentry.StoredEventLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the forwarding route, each a plain loop over a {@link EventChunk}: read each document once,
 * filter (Sentry's rule, projects, duplicates), shape the Track calls, then the identify calls of new users.
 * Every event keeps its own outcome: what cannot finish here goes on alone (see {@link #goOnAlone}).
 */
public final class ChunkSteps implements EventsInFlight {

    private static final Logger ROUTES = LoggerFactory.getLogger("io.github.forwarder.routes");

    private final SentryEventReader reader;
    private final ForwardingFilter filter;
    private final SegmentDestinations destinations;
    private final TrackMessageBuilder tracks;
    private final IdentifyMessageBuilder identifies;
    private final SegmentCalls calls;
    private final DeliveryClaims deliveredEvents;
    private final DeliveryClaims identifiedUsers;
    private final ClaimWaits claimWaits;
    private final EventCounts counts;
    private final boolean identifyEnabled;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ChunkSteps(SentryEventReader reader, ForwardingFilter filter, SegmentDestinations destinations,
            TrackMessageBuilder tracks, IdentifyMessageBuilder identifies, SegmentCalls calls,
            DeliveryClaims deliveredEvents, DeliveryClaims identifiedUsers, ClaimWaits claimWaits,
            EventCounts counts, boolean identifyEnabled) {
        this.reader = reader;
        this.filter = filter;
        this.destinations = destinations;
        this.tracks = tracks;
        this.identifies = identifies;
        this.calls = calls;
        this.deliveredEvents = deliveredEvents;
        this.identifiedUsers = identifiedUsers;
        this.claimWaits = claimWaits;
        this.counts = counts;
        this.identifyEnabled = identifyEnabled;
    }

    /** Events in chunks being forwarded now (the steering MBean's InFlight). */
    @Override
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Reads each document, or takes what the intake read of it (a {@link StoredEventLine}); an unreadable one keeps
     * its reason and is dead-lettered alone. Claims the chunk's events
     * are released when the chunk ends, unless delivered or handed on.
     */
    public void read(EventChunk chunk, Exchange exchange) {
        inFlight.addAndGet(chunk.size());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.addAndGet(-chunk.size());
                releaseUnsettled(chunk);
                chunk.done();
            }
        });
        String source = counts.firstReceivedFrom(exchange);
        for (Event event : chunk.events) {
            if (event.failure != null) {
                continue; // could not be read from its file
            }
            try {
                if (StoredEventLine.isStored(event.input)) {
                    // read at the intake: its read is taken as stored, and the input is kept for a dead letter
                    StoredEventLine.Stored stored = StoredEventLine.read(event.input);
                    event.sentry = stored.event();
                    event.input = stored.input();
                } else {
                    event.sentry = reader.read(event.input);
                }
            } catch (InvalidSentryInputException unreadable) {
                // a backfill's dead letter says where its line is
                event.failure = event.line == 0 ? unreadable : new InvalidSentryInputException(
                        unreadable.getMessage() + " (line " + event.line + " of " + chunk.source + ")");
                continue;
            } catch (RuntimeException unreadable) {
                event.failure = unreadable;
                continue;
            }
            if (source != null) {
                counts.received(source, event.sentry);
            }
        }
    }

    /**
     * Sentry's rule, the projects that are off, and one copy of each event id (claimed until delivered). The chunk's
     * ids are claimed together: a store shared by several forwarders answers them in one round trip.
     */
    public void filter(EventChunk chunk) {
        List<String> forwardable = new ArrayList<>();
        for (Event event : chunk.events) {
            if (event.sentry == null) {
                continue;
            }
            event.filterReason = filter.reasonToSkip(event.sentry);
            if (event.filterReason == null) {
                forwardable.add(event.sentry.eventId());
            }
        }
        Set<String> claimed = forwardable.isEmpty() ? Set.of() : new HashSet<>(deliveredEvents.tryClaim(forwardable));
        Set<String> waiting = claimed.size() == forwardable.size() ? new HashSet<>()
                : new HashSet<>(deliveredEvents.heldElsewhere(forwardable.stream()
                        .filter(id -> !claimed.contains(id)).distinct().toList()));
        for (Event event : chunk.events) {
            if (event.sentry == null) {
                continue;
            }
            String reason = event.filterReason;
            if (reason == null) {
                // remove: a second copy of an id in the same chunk is a duplicate
                event.claimed = claimed.remove(event.sentry.eventId());
                event.waitsForClaim = !event.claimed && waiting.remove(event.sentry.eventId());
                reason = event.claimed || event.waitsForClaim ? null : DeliveryClaims.DUPLICATE;
            }
            if (reason != null) {
                event.filterReason = reason;
                filtered(event.sentry.eventId(), reason);
            }
        }
    }

    /** The Track call of each forwarded event; one that cannot be shaped is dead-lettered alone with the reason. */
    public void shape(EventChunk chunk) {
        for (Event event : chunk.events) {
            if (!event.claimed) {
                continue;
            }
            try {
                event.track = new Call(trackCall(event.sentry), event.sentry.eventId(), event);
            } catch (RuntimeException unshapeable) {
                event.failure = unshapeable;
            }
        }
    }

    private SegmentCall trackCall(SentryEvent sentry) {
        return new SegmentCall(SegmentCall.TRACK, TrackMessageBuilder.messageId(sentry.eventId()), tracks.build(sentry),
                destinations.of(sentry.project()), sentry.project().name());
    }

    /**
     * With forwarder.identify.enabled: an identify call for each user of a delivered Track call, the first time the
     * user is seen (the first event of a user claims its id, so a second one in flight does not identify it again).
     */
    public void identifyNewUsers(EventChunk chunk) {
        for (Event event : chunk.events) {
            if (event.track != null && event.track.delivered) {
                SegmentCall identify = identifyCall(event.sentry, event.track.segment);
                if (identify != null) {
                    chunk.identifies.add(new Call(identify, event.sentry.userId(), event));
                }
            }
        }
    }

    /**
     * The same for a Track call delivered alone (route identify-new-users): its new user's identify call, holding the
     * user's claim until the exchange ends; null when there is none to make.
     */
    public CallInFlight identifyNewUser(Exchange exchange) {
        CallInFlight delivered = CallInFlight.of(exchange);
        if (delivered == null || !delivered.isTrack() || delivered.event() == null) {
            return null;
        }
        SegmentCall identify = identifyCall(delivered.event(), delivered.call());
        if (identify == null) {
            return null;
        }
        String userId = delivered.event().userId();
        identifiedUsers.handOver(userId, exchange);
        return CallInFlight.of(identify, userId);
    }

    /**
     * The one decision whether a user is identified: forwarder.identify.enabled, traits worth sending, and the user's
     * claim, which the caller then holds. It goes where the user's Track call went.
     */
    private SegmentCall identifyCall(SentryEvent event, SegmentCall track) {
        if (!identifyEnabled) {
            return null;
        }
        String json = identifies.build(event);
        String userId = event.userId();
        if (json == null || !identifiedUsers.tryClaim(userId)) {
            return null;
        }
        try {
            SegmentCalls.Prepared identify = calls.prepare(SegmentCall.IDENTIFY, json);
            return new SegmentCall(SegmentCall.IDENTIFY, identify.messageId(), identify.json(), track.destination(),
                    track.project());
        } catch (RuntimeException invalid) {
            identifiedUsers.settle(userId, false);
            return null;
        }
    }

    /** The first step of a call that goes on alone: the exchange takes over the claim its call settles. */
    public void goOnAlone(Exchange exchange) {
        CallInFlight alone = CallInFlight.of(exchange);
        if (alone.claim() != null) {
            (alone.call() != null && !alone.isTrack() ? identifiedUsers : deliveredEvents)
                    .handOver(alone.claim(), exchange);
        }
    }

    /**
     * For an event whose claim another forwarder holds: claims it now and makes its Track call; or, while the other
     * copy is still in flight, waits as {@link ClaimWaits} says (back on a JMS queue, or failing as transient, so the
     * route's error handler tries again with backoff); or, once that copy was delivered, counts this one a duplicate.
     * The call is made only in the first case.
     */
    public void claimOrWait(Exchange exchange) throws ClaimHeldElsewhereException {
        CallInFlight alone = CallInFlight.of(exchange);
        String id = alone.eventId();
        if (deliveredEvents.tryClaim(id)) {
            deliveredEvents.handOver(id, exchange);
            alone.claimed(trackCall(alone.event()));
        } else if (!deliveredEvents.heldElsewhere(List.of(id)).isEmpty()) {
            claimWaits.putBackOrWait(exchange, id, alone.input());
        } else {
            filtered(id, DeliveryClaims.DUPLICATE);
        }
    }

    private void filtered(String eventId, String reason) {
        counts.filtered(reason);
        ROUTES.debug("Filtered Sentry event {}: {}", eventId, reason);
    }

    /** When the chunk ends: claims neither delivered nor handed on (a stop, an unexpected failure) are released. */
    private void releaseUnsettled(EventChunk chunk) {
        for (Event event : chunk.events) {
            boolean handedOn = event.failure != null || event.track != null && (event.track.delivered || event.track.alone);
            if (event.claimed && !handedOn) {
                deliveredEvents.settle(event.sentry.eventId(), false);
            }
        }
        for (Call call : chunk.identifies) {
            if (!call.delivered && !call.alone) {
                identifiedUsers.settle(call.claim, false);
            }
        }
    }
}
