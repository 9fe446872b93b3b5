package io.github.forwarder.dedupe;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The claims of one forwarder alone, in this process's memory, and its delivered ids in {@link RememberedIds} (a
 * file kept across restarts). The claim is only in memory: a crash before delivery leaves the first copy at its
 * source and the next start sends it, rather than losing it.
 */
public final class LocalDeliveryClaims implements DeliveryClaims {

    private final RememberedIds delivered;
    private final Set<String> inFlight = new HashSet<>();

    public LocalDeliveryClaims(RememberedIds delivered) {
        this.delivered = delivered;
    }

    @Override
    public boolean tryClaim(String id) {
        synchronized (inFlight) {
            return !delivered.contains(id) && inFlight.add(id);
        }
    }

    @Override
    public void settle(String id, boolean deliveredNow) {
        synchronized (inFlight) {
            if (deliveredNow) {
                delivered.add(id);
            }
            inFlight.remove(id);
        }
    }

    @Override
    public void settleDelivered(Collection<String> ids) {
        synchronized (inFlight) {
            delivered.addAll(ids);
            ids.forEach(inFlight::remove); // removeAll asks a list contains() per id in flight when the set is smaller
        }
    }

    @Override
    public void forget(String id) {
        delivered.remove(id);
    }
}
