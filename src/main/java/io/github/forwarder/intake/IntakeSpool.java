package io.github.forwarder.intake;

import io.github.forwarder.sentry.StoredEventLine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The intake's hand-off when forwarder.source is a folder or a jms: queue: the accepted event is stored with the
 * events accepted at the same moment ({@link SpoolGroupWriter}), and the route goes on to its 202 once that group
 * is stored; a failed write fails the exchange, which the route answers 503. Each event is stored as a
 * {@link StoredEventLine}: what the intake read of it, then its body as one line.
 * <p>
 * For a request of Camel's Vert.x server no thread waits here: the route goes on on the request's event loop once
 * the group is stored ({@link IntakeHttpEngine}). Any other thread (a servlet thread, a test's) waits, and the
 * route goes on there; never on the spool's one writing thread.
 */
public final class IntakeSpool extends AsyncProcessorSupport implements Predicate {

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
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (writer == null) {
            exchange.setException(new IllegalStateException(
                    "forwarder.source is neither a folder nor a jms: queue: the intake has no spool"));
            callback.done(true);
            return true;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        IntakeVerdict verdict = IntakeVerdict.of(exchange);
        byte[] line = verdict.oneUtf8Line() ? body : NdjsonLine.of(body);
        CompletableFuture<Void> stored = line != null ? writer.store(storedLine(verdict, line), false)
                : writer.store(new byte[][] {body}, true);
        Context request = Vertx.currentContext(); // a Vert.x request's, on its event loop or its worker thread
        if (request == null) {
            try {
                stored.get();
            } catch (ExecutionException failed) {
                exchange.setException(failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                exchange.setException(interrupted);
            }
            callback.done(true);
            return true;
        }
        stored.whenComplete((done, failed) -> request.runOnContext(resumed -> {
            if (failed != null) {
                exchange.setException(failed);
            }
            callback.done(false);
        }));
        return false;
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
