package io.github.forwarder.intake;

import io.github.forwarder.sentry.StoredEventLine;

import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;

/**
 * The intake's hand-off when forwarder.source is a folder or a jms: queue: the accepted event is stored with the
 * events accepted at the same moment ({@link SpoolGroupWriter}), and the route goes on to its 202 once that group
 * is stored; a failed write fails the exchange, which the route answers 503. Each event is stored as a
 * {@link StoredEventLine}: what the intake read of it, then its body as one line.
 * <p>
 * This waits on the request's thread. camel-platform-http-vertx 4.18 runs the route on a Vert.x worker thread
 * (executeBlocking) and calls it synchronously, so an asynchronous step would hold that thread just the same, and
 * would run the rest of the route on the spool's one writing thread. Event loop threads never wait here.
 */
public final class IntakeSpool implements Processor, Predicate {

    private final SpoolGroupWriter writer;
    /** The longest line the forwarding route reads (forwarder.intake.maxBodyBytes, as a body). */
    private final int maxLineBytes;

    /**
     * @param writer null when forwarder.source is neither a folder nor a jms: queue: then {@link #stores()} is false.
     * @param maxLineBytes the longest line the forwarding route reads
     */
    public IntakeSpool(SpoolGroupWriter writer, int maxLineBytes) {
        this.writer = writer;
        this.maxLineBytes = maxLineBytes;
    }

    /** Whether the intake hands its events to this spool: forwarder.source is a folder or a jms: queue. */
    public boolean stores() {
        return writer != null;
    }

    /** {@link #stores()}, as the intake route asks it (a ref: predicate, called directly, unlike a method: one). */
    @Override
    public boolean matches(Exchange exchange) {
        return stores();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (writer == null) {
            throw new IllegalStateException("forwarder.source is neither a folder nor a jms: queue: the intake has no spool");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        IntakeVerdict verdict = IntakeVerdict.of(exchange);
        byte[] line = verdict.oneUtf8Line() ? body : NdjsonLine.of(body);
        try {
            (line != null ? writer.store(storedLine(verdict, line), false) : writer.store(new byte[][] {body}, true))
                    .get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        }
    }

    /**
     * What was read, beside the input: delivery reads that, not the input again. A body near the size limit whose
     * read would take its line past what the forwarding route reads is stored as it came, and read again there.
     */
    private byte[][] storedLine(IntakeVerdict verdict, byte[] line) {
        byte[][] stored = StoredEventLine.parts(verdict.event(), line);
        if (StoredEventLine.length(stored) - 1 <= maxLineBytes) {
            return stored;
        }
        return new byte[][] {line, {'\n'}};
    }
}
