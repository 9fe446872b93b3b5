package io.github.forwarder.dedupe;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One copy of each id goes through at a time, and an id goes through once after it was delivered. The first
 * copy claims the id for its exchange; a repeat that arrives while the claim is held, or after the id was
 * delivered, is a duplicate. The claim is only in memory: a crash before delivery leaves the first copy at its
 * source and the next start sends it, rather than losing it. When the exchange completes, a delivered id is
 * remembered in the store (kept across restarts); a failed or dead-lettered one is only released, so a later
 * copy is tried again.
 */
public final class DeliveryClaims {

    /** The answer of {@link #claim} for a repeat: the reason it is filtered with. */
    public static final String DUPLICATE = "duplicate";

    private final IdempotentRepository delivered;
    private final Set<String> inFlight = new HashSet<>();

    public DeliveryClaims(IdempotentRepository delivered) {
        this.delivered = delivered;
    }

    /** Null when the exchange now holds the id's claim; {@value #DUPLICATE} when another copy has or had it. */
    public String claim(String id, Exchange exchange) {
        if (!tryClaim(id)) {
            return DUPLICATE;
        }
        handOver(id, exchange);
        return null;
    }

    /** True when the caller now holds the id's claim: no other copy has it, and it was not delivered before. */
    public boolean tryClaim(String id) {
        synchronized (inFlight) {
            return !delivered.contains(id) && inFlight.add(id);
        }
    }

    /** Ends a claim: a delivered id is remembered; otherwise it is only released, so a later copy is tried. */
    public void settle(String id, boolean deliveredNow) {
        synchronized (inFlight) {
            if (deliveredNow) {
                delivered.add(id);
            }
            inFlight.remove(id);
        }
    }

    /** Ends the claims of delivered ids at once: remembered together (one write to the store). */
    public void settleDelivered(Collection<String> ids) {
        synchronized (inFlight) {
            if (delivered instanceof RememberedIds store) {
                store.addAll(ids);
            } else {
                ids.forEach(delivered::add);
            }
            inFlight.removeAll(ids);
        }
    }

    /** A claim already held passes to the exchange: it is settled by the exchange's outcome when it completes. */
    public void handOver(String id, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                settle(id, done.getException() == null && !ExchangeHelper.isFailureHandled(done));
            }
        });
    }

    /** For a filter step: true when the exchange now holds the id's claim. */
    public boolean isFirst(String id, Exchange exchange) {
        return claim(id, exchange) == null;
    }

    /** For a replay: the id is forgotten, so its next copy is delivered again. */
    public void forget(String id) {
        delivered.remove(id);
    }
}
