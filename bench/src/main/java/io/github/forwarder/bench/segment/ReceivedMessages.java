package io.github.forwarder.bench.segment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Segment stand-in took: when each messageId first arrived, and when each request arrived. Bodies are
 * read with Jackson's streaming parser, which checks the whole document is JSON without building a tree.
 */
public final class ReceivedMessages implements MessageRecorder {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong messages = new AtomicLong();
    private final RequestArrivals requests = new RequestArrivals();

    /** Records one request body; false when it is not JSON (the stand-in then answers 400, as Segment does). */
    @Override
    public boolean record(byte[] body, long arrivalNanos) {
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && depth <= 2 && "messageId".equals(parser.currentName())) {
                    // depth 1: a single Track call; depth 2: one item of a batch (/v1/batch, /v1/import)
                    if (parser.nextToken() == JsonToken.VALUE_STRING) {
                        messages.incrementAndGet();
                        firstArrival.putIfAbsent(parser.getText(), arrivalNanos);
                    }
                }
            }
        } catch (IOException notJson) {
            return false;
        }
        requests.add(arrivalNanos);
        return true;
    }

    /** When the message carrying this messageId first arrived (System.nanoTime), or null. */
    public Long arrivalOf(String messageId) {
        return firstArrival.get(messageId);
    }

    @Override
    public int distinctMessages() {
        return firstArrival.size();
    }

    /** Every message received, duplicates included. */
    public long messages() {
        return messages.get();
    }

    public int requests() {
        return requests.count();
    }

    /** Arrival times of every request, sorted. */
    @Override
    public long[] requestArrivals() {
        return requests.sorted();
    }

    @Override
    public void clear() {
        firstArrival.clear();
        messages.set(0);
        requests.clear();
    }
}
