package io.github.forwarder.batch;

import io.github.forwarder.batch.SentryBatch.Call;
import io.github.forwarder.batch.SentryBatch.Event;
import io.github.forwarder.batch.SentryBatch.Leftover;
import io.github.forwarder.dedupe.ClaimHeldElsewhereException;
import io.github.forwarder.dedupe.ClaimWaits;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.delivery.DeadLetterEntries;
import io.github.forwarder.delivery.SegmentAttempts;
import io.github.forwarder.delivery.SegmentCall;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.InvalidSentryInputException;
import io.github.forwarder.sentry.SentryEvent;
import io.github.forwarder.sentry.SentryEventReader;
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
 * The steps of the forwarding route, each a plain loop over a {@link SentryBatch}: read each document once,
 * filter (Sentry's rule, projects, duplicates), shape the Track calls, then the identify calls of new users.
 * Every event keeps its own outcome: what cannot finish here goes on alone (see {@link #goOnAlone}).
 */
public final class SentryBatches {

    /** The exchange property naming the event whose claim a call alone waits for (see {@link #claimOrWait}). */
    static final String CLAIM_AWAITED = "sentryClaimAwaited";
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

    public SentryBatches(SentryEventReader reader, ForwardingFilter filter, SegmentDestinations destinations,
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

    /** Events in batches being forwarded now (the steering MBean's InFlight). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Reads each document; an unreadable one keeps its reason and is dead-lettered alone. Claims the batch's events
     * are released when the batch ends, unless delivered or handed on.
     */
    public void read(SentryBatch batch, Exchange exchange) {
        inFlight.addAndGet(batch.size());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.addAndGet(-batch.size());
                releaseUnsettled(batch);
                batch.done();
            }
        });
        String source = counts.firstReceivedFrom(exchange);
        for (Event event : batch.events) {
            if (event.failure != null) {
                continue; // could not be read from its file
            }
            try {
                event.sentry = reader.read(event.input);
            } catch (InvalidSentryInputException unreadable) {
                // a backfill's dead letter says where its line is
                event.failure = event.line == 0 ? unreadable : new InvalidSentryInputException(
                        unreadable.getMessage() + " (line " + event.line + " of " + batch.source + ")");
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
     * Sentry's rule, the projects that are off, and one copy of each event id (claimed until delivered). The batch's
     * ids are claimed together: a store shared by several forwarders answers them in one round trip.
     */
    public void filter(SentryBatch batch) {
        List<String> forwardable = new ArrayList<>();
        for (Event event : batch.events) {
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
        for (Event event : batch.events) {
            if (event.sentry == null) {
                continue;
            }
            String reason = event.filterReason;
            if (reason == null) {
                // remove: a second copy of an id in the same batch is a duplicate
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
    public void shape(SentryBatch batch) {
        for (Event event : batch.events) {
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
        return new SegmentCall("track", TrackMessageBuilder.messageId(sentry.eventId()), tracks.build(sentry),
                destinations.of(sentry.project()), sentry.project().name());
    }

    /**
     * With forwarder.identify.enabled: an identify call for each user of a delivered Track call, the first time the
     * user is seen (the first event of a user claims its id, so a second one in flight does not identify it again).
     */
    public void identifyNewUsers(SentryBatch batch) {
        if (!identifyEnabled) {
            return;
        }
        for (Event event : batch.events) {
            if (event.track == null || !event.track.delivered) {
                continue;
            }
            String json = identifies.build(event.sentry);
            String userId = event.sentry.userId();
            if (json == null || !identifiedUsers.tryClaim(userId)) {
                continue;
            }
            Call call;
            try {
                SegmentCalls.Prepared identify = calls.prepare("identify", json);
                call = new Call(new SegmentCall("identify", identify.messageId(), identify.json(),
                        event.track.segment.destination(), event.track.segment.project()), userId, event);
            } catch (RuntimeException invalid) {
                identifiedUsers.settle(userId, false);
                continue;
            }
            batch.identifies.add(call);
        }
    }

    /**
     * The first step of a call that goes on alone: sets the exchange up as the per-call routes expect it (the
     * properties of the event, the call and its project, the Segment message as the body), and hands it the claim.
     */
    public void goOnAlone(Exchange exchange) {
        Leftover leftover = exchange.getMessage().getBody(Leftover.class);
        if (leftover.input() != null) {
            exchange.setProperty(DeadLetterEntries.INPUT, leftover.input());
        }
        SentryEvent event = leftover.event();
        if (event != null) {
            exchange.setProperty("sentryEvent", event);
            exchange.setProperty(DeadLetterEntries.EVENT_ID, event.eventId());
        }
        SegmentCall call = leftover.call();
        if (call != null) {
            setCall(exchange, call);
        } else if (event != null) {
            exchange.setProperty(SegmentDestinations.PROJECT_NAME, event.project().name());
        }
        if (leftover.attempted()) {
            exchange.setProperty(SegmentAttempts.PROPERTY, 1);
        }
        if (leftover.waitsForClaim()) {
            exchange.setProperty(CLAIM_AWAITED, event.eventId());
        }
        if (leftover.claim() != null) {
            (call != null && !"track".equals(call.call()) ? identifiedUsers : deliveredEvents)
                    .handOver(leftover.claim(), exchange);
        }
        if (leftover.failure() != null) {
            exchange.setProperty(SegmentAttempts.EARLIER_FAILURE, leftover.failure());
        }
        exchange.getMessage().setBody(call == null ? null : call.json());
    }

    /**
     * For an event whose claim another forwarder holds: claims it now and sets the exchange up with its Track call;
     * or, while the other copy is still in flight, waits as {@link ClaimWaits} says (back on a JMS queue, keeping
     * {@value #CLAIM_AWAITED}; or failing as transient, so the route's error handler tries again with backoff); or,
     * once that copy was delivered, marks this one a duplicate ({@code filterReason}).
     */
    public void claimOrWait(Exchange exchange) throws ClaimHeldElsewhereException {
        SentryEvent event = exchange.getProperty("sentryEvent", SentryEvent.class);
        String id = event.eventId();
        if (deliveredEvents.tryClaim(id)) {
            exchange.removeProperty(CLAIM_AWAITED);
            deliveredEvents.handOver(id, exchange);
            SegmentCall track = trackCall(event);
            setCall(exchange, track);
            exchange.getMessage().setBody(track.json());
        } else if (!deliveredEvents.heldElsewhere(List.of(id)).isEmpty()) {
            claimWaits.putBackOrWait(exchange, id);
        } else {
            exchange.removeProperty(CLAIM_AWAITED);
            exchange.setProperty("filterReason", DeliveryClaims.DUPLICATE);
            filtered(id, DeliveryClaims.DUPLICATE);
        }
    }

    private void filtered(String eventId, String reason) {
        counts.filtered(reason);
        ROUTES.debug("Filtered Sentry event {}: {}", eventId, reason);
    }

    /** The properties the per-call routes read: the call, its message, its project's key and region. */
    private static void setCall(Exchange exchange, SegmentCall call) {
        exchange.setProperty(SegmentDestinations.PROJECT_NAME, call.project());
        exchange.setProperty(SegmentDestinations.PROJECT_WRITE_KEY, call.destination().writeKey());
        exchange.setProperty(SegmentDestinations.PROJECT_BASE_URL, call.destination().baseUrl());
        exchange.setProperty(SegmentCalls.CALL, call.call());
        exchange.setProperty(SegmentCalls.MESSAGE_ID, call.messageId());
        exchange.setProperty(DeadLetterEntries.SEGMENT_MESSAGE, call.json());
    }

    /** When the batch ends: claims neither delivered nor handed on (a stop, an unexpected failure) are released. */
    private void releaseUnsettled(SentryBatch batch) {
        for (Event event : batch.events) {
            boolean handedOn = event.failure != null || event.track != null && (event.track.delivered || event.track.alone);
            if (event.claimed && !handedOn) {
                deliveredEvents.settle(event.sentry.eventId(), false);
            }
        }
        for (Call call : batch.identifies) {
            if (!call.delivered && !call.alone) {
                identifiedUsers.settle(call.claim, false);
            }
        }
    }
}
