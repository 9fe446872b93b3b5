package io.github.forwarder.source;

import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * At most {@code limit} files or messages of forwarder.source in flight. A file's batches wait for Segment without
 * holding a thread, so the forwarding route's threads alone do not bound them: without this, every file of a
 * backfill folder would be opened and in flight at once (what they may read ahead is {@link ReadAhead}'s). A route step that waits (on the route's own thread, before the file is
 * read) until an earlier file or message is done.
 */
public final class SourceBackpressure implements Processor {

    private final Semaphore room;

    public SourceBackpressure(int limit) {
        this.room = new Semaphore(limit);
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        room.acquire();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                room.release();
            }
        });
    }
}
