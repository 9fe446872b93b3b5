package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.batch.SentryBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A file or message holds one JSON document, or one event per line (NDJSON, for backfills and the intake's
 * spool). Its documents are cut into batches of at most {@code batchEvents}, each the unit of work of the
 * forwarding route.
 */
public final class SentryDocuments {

    private final ObjectMapper mapper;
    private final int batchEvents;

    public SentryDocuments(ObjectMapper mapper, int batchEvents) {
        if (batchEvents < 1) {
            throw new IllegalArgumentException("forwarder.batch.events must be at least 1, was " + batchEvents);
        }
        this.mapper = mapper;
        this.batchEvents = batchEvents;
    }

    /** The documents in the content, in batches. */
    public List<SentryBatch> batches(byte[] bytes) {
        List<ByteBuffer> documents = documents(bytes == null ? new byte[0] : bytes);
        List<SentryBatch> batches = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += batchEvents) {
            batches.add(new SentryBatch(documents.subList(from, Math.min(documents.size(), from + batchEvents))));
        }
        return batches;
    }

    /**
     * The non-blank lines when the first is a complete JSON document; otherwise the whole content as one. Each is a
     * view into the content, not a copy: the file or message is held until its last event is done anyway, and a
     * copy per line doubled the memory of the events in flight (and what the collector had to move).
     */
    List<ByteBuffer> documents(byte[] bytes) {
        List<ByteBuffer> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (!isBlank(bytes, start, i)) {
                    lines.add(ByteBuffer.wrap(bytes, start, i - start).slice());
                }
                start = i + 1;
            }
        }
        if (lines.size() > 1 && isCompleteJson(lines.get(0))) {
            return lines;
        }
        return List.of(ByteBuffer.wrap(bytes));
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean isCompleteJson(ByteBuffer line) {
        try {
            mapper.readTree(line.array(), line.arrayOffset() + line.position(), line.remaining());
            return true;
        } catch (JacksonException incomplete) {
            return false;
        } catch (java.io.IOException unreadable) {
            return false;
        }
    }
}
