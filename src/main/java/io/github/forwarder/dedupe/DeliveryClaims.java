package io.github.forwarder.dedupe;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One copy of each id goes through at a time, and an id goes through once after it was delivered. The first
 * copy claims the id; a repeat that arrives while the claim is held, or after the id was delivered, is a
 * duplicate. A delivered id is remembered; a failed or dead-lettered one is only released, so a later copy is tried
 * again. {@link LocalDeliveryClaims} holds them for one forwarder; {@link RedisDeliveryClaims} for all forwarders
 * on one Redis.
 */
public interface DeliveryClaims {

    /** The answer of {@link #claim} for a repeat: the reason it is filtered with. */
    String DUPLICATE = "duplicate";

    /** True when the caller now holds the id's claim: no other copy has it, and it was not delivered before. */
    boolean tryClaim(String id);

    /**
     * The ids of a batch claimed at once (a shared store answers in one round trip): those the caller now holds.
     * An id given twice is claimed once.
     */
    default Set<String> tryClaim(Collection<String> ids) {
        Set<String> claimed = new LinkedHashSet<>();
        for (String id : ids) {
            if (!claimed.contains(id) && tryClaim(id)) {
                claimed.add(id);
            }
        }
        return claimed;
    }

    /**
     * Of these ids, which another forwarder holds in flight (not delivered). Its copy may never finish (that
     * forwarder may have died, and its JMS message come here), so a repeat of such an id waits for the claim to be
     * delivered or released instead of being dropped. A single forwarder has none: a repeat of its own copy in flight
     * is a duplicate, since a crash keeps both at the source.
     */
    default Set<String> heldElsewhere(Collection<String> ids) {
        return Set.of();
    }

    /** Ends a claim: a delivered id is remembered; otherwise it is only released, so a later copy is tried. */
    void settle(String id, boolean deliveredNow);

    /** Ends the claims of delivered ids at once: remembered together (one write to the store). */
    void settleDelivered(Collection<String> ids);

    /** For a replay: the id is forgotten, so its next copy is delivered again. */
    void forget(String id);

    /** Null when the exchange now holds the id's claim; {@value #DUPLICATE} when another copy has or had it. */
    default String claim(String id, Exchange exchange) {
        if (!tryClaim(id)) {
            return DUPLICATE;
        }
        handOver(id, exchange);
        return null;
    }

    /** For a filter step: true when the exchange now holds the id's claim. */
    default boolean isFirst(String id, Exchange exchange) {
        return claim(id, exchange) == null;
    }

    /** A claim already held passes to the exchange: it is settled by the exchange's outcome when it completes. */
    default void handOver(String id, Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                settle(id, done.getException() == null && !ExchangeHelper.isFailureHandled(done));
            }
        });
    }
}
