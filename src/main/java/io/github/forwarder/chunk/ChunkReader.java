package io.github.forwarder.chunk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.chunk.DocumentLines.Line;
import io.github.forwarder.sentry.InvalidSentryInputException;
import io.github.forwarder.sentry.StoredEventLine;
import io.github.forwarder.source.ReadAhead;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file or message holds one JSON document, or one event per line (NDJSON, for backfills and the intake's
 * spool): NDJSON when its first line is a complete JSON document. It is read as it is forwarded, in chunks of at
 * most {@code batchEvents} documents, each the unit of work of the forwarding route; a chunk is read once there is
 * room in the {@link ReadAhead}, so a file of any size is forwarded in bounded memory.
 * A document over {@code maxDocumentBytes} (a line, or a file that is not NDJSON) and a file that cannot be read to
 * its end are dead-lettered with the reason, and the rest of the file goes on.
 */
public final class ChunkReader {

    private static final Logger ROUTES = LoggerFactory.getLogger("io.github.forwarder.routes");

    private final ObjectMapper mapper;
    private final int batchEvents;
    private final int maxDocumentBytes;
    private final ReadAhead readAhead;

    public ChunkReader(ObjectMapper mapper, int batchEvents, int maxDocumentBytes, ReadAhead readAhead) {
        if (batchEvents < 1) {
            throw new IllegalArgumentException("forwarder.batch.events must be at least 1, was " + batchEvents);
        }
        this.mapper = mapper;
        this.batchEvents = batchEvents;
        this.maxDocumentBytes = maxDocumentBytes;
        this.readAhead = readAhead;
    }

    /**
     * The documents of the content, in chunks, read as the route's streaming split asks for them. The room they
     * take is given back as each chunk is done, and all of it when the file or message is.
     */
    public Iterator<EventChunk> chunks(InputStream content, Exchange exchange) {
        String source = sourceName(exchange);
        Chunks chunks = new Chunks(new DocumentLines(content, maxDocumentBytes), readAhead.lease(), source, exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                chunks.lease.giveAll();
                IOHelper.close(chunks);
            }

            @Override
            public void onFailure(Exchange failed) {
                Exception cause = failed.getException();
                ROUTES.warn("Kept {} at its source for a later try: {}", source, cause == null ? "it failed"
                        : cause.getMessage());
            }
        });
        return chunks;
    }

    private static String sourceName(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        return file != null ? file : "message " + exchange.getMessage().getMessageId();
    }

    /** A line the intake stored is; any other is walked by the parser, not built into a tree. */
    private boolean isCompleteJson(byte[] line) {
        if (StoredEventLine.isStored(ByteBuffer.wrap(line))) {
            return true;
        }
        try (JsonParser parser = mapper.createParser(line)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren(); // as far as its first value ends, as a tree read would
            return true;
        } catch (IOException incomplete) {
            return false;
        }
    }

    /** One file's chunks, read one at a time. */
    private final class Chunks implements Iterator<EventChunk>, Closeable {

        private final DocumentLines lines;
        private final ReadAhead.Lease lease;
        private final String source;
        private final Exchange exchange;
        private boolean started;
        private boolean ended;
        /** Read, and left for the next chunk: there was no room for it in this one. */
        private Line pending;
        /** The file could not be read on: the rest of it is one dead letter with this reason. */
        private InvalidSentryInputException readFailure;
        private EventChunk next;

        Chunks(DocumentLines lines, ReadAhead.Lease lease, String source, Exchange exchange) {
            this.lines = lines;
            this.lease = lease;
            this.source = source;
            this.exchange = exchange;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    next = read();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("stopped while reading " + source, e);
                }
            }
            return next != null;
        }

        @Override
        public EventChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EventChunk chunk = next;
            next = null;
            return chunk;
        }

        private EventChunk read() throws InterruptedException {
            // A stop does not wait for the rest of a large file: it is read again at the next start, and what
            // was delivered meanwhile is a duplicate then.
            if (exchange.getContext().isStopping()) {
                throw new IllegalStateException("the forwarder is stopping");
            }
            if (!started) {
                started = true;
                return first();
            }
            return ndjsonChunk();
        }

        /** NDJSON when the first line that is not blank is a complete JSON document; otherwise one document. */
        private EventChunk first() throws InterruptedException {
            List<Line> head = new ArrayList<>();
            Line line;
            do {
                line = readLine();
                if (line == null) {
                    break;
                }
                head.add(line);
            } while (line.isBlank() && !line.oversize());
            if (line != null && (line.oversize() || isCompleteJson(line.bytes()))) {
                pending = line;
                return ndjsonChunk();
            }
            return wholeDocument(head);
        }

        private EventChunk ndjsonChunk() throws InterruptedException {
            EventChunk chunk = new EventChunk(source);
            long taken = 0;
            while (chunk.size() < batchEvents) {
                Line line = pending != null ? pending : readLine();
                pending = null;
                if (line == null) {
                    ended = true;
                    break;
                }
                if (!line.oversize() && line.isBlank()) {
                    continue;
                }
                int size = line.bytes().length;
                if (taken == 0) {
                    lease.take(size); // waits while what was read before is still being forwarded
                } else if (!lease.tryTake(size)) {
                    pending = line;
                    break;
                }
                taken += size;
                if (line.oversize()) {
                    chunk.addUnreadable(ByteBuffer.wrap(line.bytes()), new InvalidSentryInputException("line "
                            + line.number() + " of " + source + " is " + line.length() + " bytes, over the limit of "
                            + maxDocumentBytes + " (forwarder.intake.maxBodyBytes); its first "
                            + line.bytes().length + " bytes are the input here"));
                } else {
                    chunk.add(ByteBuffer.wrap(line.bytes()), line.number());
                }
            }
            if (ended && readFailure != null) {
                chunk.addUnreadable(null, readFailure);
            }
            if (chunk.size() == 0) {
                return null;
            }
            long given = taken;
            chunk.whenDone(() -> lease.give(given));
            return chunk;
        }

        /** The whole content as one document (a pretty-printed event), if it is within the limit. */
        private EventChunk wholeDocument(List<Line> head) throws InterruptedException {
            ended = true;
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            long length = 0;
            Line line = head.isEmpty() ? null : head.get(0);
            // no further than the limit: the rest of a file too large for one document is not read at all
            for (int i = 1; line != null && length <= maxDocumentBytes; i++) {
                length += line.length() + (line.endsWithNewline() ? 1 : 0);
                if (length <= maxDocumentBytes) {
                    content.writeBytes(line.bytes());
                    if (line.endsWithNewline()) {
                        content.write('\n');
                    }
                }
                line = i < head.size() ? head.get(i) : readLine();
            }
            EventChunk chunk = new EventChunk(source);
            if (readFailure != null) {
                chunk.addUnreadable(null, readFailure);
            } else if (length > maxDocumentBytes) {
                chunk.addUnreadable(null, new InvalidSentryInputException(source + " is not NDJSON (its first line"
                        + " is not a JSON document) and is larger than the limit of " + maxDocumentBytes
                        + " bytes for one document (forwarder.intake.maxBodyBytes)"));
            } else {
                lease.take(content.size());
                chunk.add(ByteBuffer.wrap(content.toByteArray()), 0);
                long given = content.size();
                chunk.whenDone(() -> lease.give(given));
            }
            return chunk;
        }

        /** The next line; null at the end, or when the file cannot be read on (its failure then ends the file). */
        private Line readLine() {
            if (readFailure != null) {
                return null;
            }
            try {
                return lines.next();
            } catch (IOException e) {
                readFailure = new InvalidSentryInputException(source + " could not be read after line "
                        + lines.lineNumber() + ": " + e);
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
