package io.github.forwarder.chunk;

import io.github.forwarder.chunk.EventChunk.Call;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.delivery.SegmentRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a chunk's unsent Segment calls (its Track calls, later its identify calls) and waits, holding no thread,
 * until each has its answer: one request per call, or in batch mode one /v1/batch request per destination and
 * batch size. A delivered call settles its claim as its answer comes; a failed one, and a dry-run, go on alone
 * afterwards.
 */
public final class ChunkDelivery extends AsyncProcessorSupport {

    private static final Logger ROUTES = LoggerFactory.getLogger("io.github.forwarder.routes");
    /**
     * Settles the claims of answered calls {@value #SETTLE_AFTER_MS} ms after the first of them came, in one write to
     * the store: the answers of one request complete one after the other, and those arriving together are taken
     * together rather than with a write each. So a crash sends again only the
     * calls whose answers had not come, or came in its last few ms, not the rest of a chunk of events.
     */
    private static final long SETTLE_AFTER_MS = 5;

    private final SegmentRequests requests;
    private final DeliveryClaims deliveredEvents;
    private final DeliveryClaims identifiedUsers;
    private final boolean debug;
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "segment-settle");
        thread.setDaemon(true); // holds no work of its own: the chunk's last answer settles what is left
        return thread;
    });

    /** @param debug segment.debug: log each message sent, at INFO */
    public ChunkDelivery(SegmentRequests requests, DeliveryClaims deliveredEvents, DeliveryClaims identifiedUsers,
            boolean debug) {
        this.requests = requests;
        this.deliveredEvents = deliveredEvents;
        this.identifiedUsers = identifiedUsers;
        this.debug = debug;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        List<Call> calls = exchange.getMessage().getBody(EventChunk.class).unsent();
        List<Call> sending = new ArrayList<>();
        for (Call call : calls) {
            call.attempted = true;
            if (call.segment.destination().isDryRun()) {
                // The per-call route writes it to the dry-run folder.
                call.alone = true;
            } else {
                sending.add(call);
            }
        }
        Answered answered = new Answered();
        AsyncCallback settleThenGoOn = done -> {
            settleAnswered(answered);
            callback.done(false);
        };
        AtomicInteger unanswered = new AtomicInteger(sending.size() + 1);
        List<CompletableFuture<Void>> outcomes = requests.submitAll(sending.stream().map(call -> call.segment).toList());
        for (int i = 0; i < sending.size(); i++) {
            Call call = sending.get(i);
            outcomes.get(i).whenComplete((ok, failure) -> {
                if (failure != null) {
                    call.failure = failure;
                    call.alone = true;
                } else {
                    delivered(call);
                    if (answered.add(call)) {
                        settler.schedule(() -> settleAnsweredSoFar(answered), SETTLE_AFTER_MS, TimeUnit.MILLISECONDS);
                    }
                }
                answered(unanswered, settleThenGoOn);
            });
        }
        answered(unanswered, settleThenGoOn);
        return false;
    }

    /** A chunk's delivered calls whose claims are not settled yet. */
    private static final class Answered {
        private final List<Call> calls = new ArrayList<>();
        /** Held while settling, so that the chunk's last answer waits for a write under way. */
        final Object settling = new Object();
        private boolean settleScheduled;

        /** True when no settle is scheduled for it yet: the caller schedules one. */
        synchronized boolean add(Call call) {
            calls.add(call);
            if (settleScheduled) {
                return false;
            }
            settleScheduled = true;
            return true;
        }

        synchronized List<Call> take() {
            settleScheduled = false;
            List<Call> taken = List.copyOf(calls);
            calls.clear();
            return taken;
        }

        synchronized void putBack(List<Call> unsettled) {
            calls.addAll(unsettled);
        }
    }

    /** On the settler: a failed write is tried again with the chunk's last answer, whose failure the chunk sees. */
    private void settleAnsweredSoFar(Answered answered) {
        try {
            settleAnswered(answered);
        } catch (RuntimeException retriedAtTheEnd) {
            ROUTES.debug("Could not yet remember delivered calls: {}", retriedAtTheEnd.toString());
        }
    }

    /** The calls answered and not yet settled, in one write. */
    private void settleAnswered(Answered answered) {
        synchronized (answered.settling) {
            List<Call> calls = answered.take();
            if (calls.isEmpty()) {
                return;
            }
            try {
                settle(calls);
            } catch (RuntimeException failed) {
                answered.putBack(calls);
                throw failed;
            }
        }
    }

    private void settle(List<Call> calls) {
        List<String> events = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (Call call : calls) {
            if (call.delivered) {
                (call.segment.isTrack() ? events : users).add(call.claim);
            }
        }
        deliveredEvents.settleDelivered(events);
        identifiedUsers.settleDelivered(users);
    }

    private void delivered(Call call) {
        call.delivered = true;
        if (ROUTES.isDebugEnabled()) {
            ROUTES.debug("Sent Segment {} {}", call.segment.call(), call.segment.messageId());
        }
        if (debug) {
            ROUTES.info("Sent Segment {}: {}", call.segment.call(), call.segment.text());
        }
    }

    /** Counts an answer; after the last one the chunk goes on, on the thread of that answer. */
    private static void answered(AtomicInteger unanswered, AsyncCallback callback) {
        if (unanswered.decrementAndGet() == 0) {
            callback.done(false);
        }
    }
}
