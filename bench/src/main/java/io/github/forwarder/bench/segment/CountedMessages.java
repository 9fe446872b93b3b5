package io.github.forwarder.bench.segment;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the counting stand-in took: the number of messages, found by a byte scan for the "messageId" key, and when
 * each request arrived. No parse and no map of ids, so that the stand-in costs the least CPU per message and never
 * bounds a throughput figure; it does not check that a body is JSON, and cannot tell a repeated message from a
 * new one (the parsing stand-in, ReceivedMessages, does both).
 */
public final class CountedMessages implements MessageRecorder {

    private static final byte[] KEY = "\"messageId\"".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLong messages = new AtomicLong();
    private final RequestArrivals requests = new RequestArrivals();

    @Override
    public boolean record(byte[] body, long arrivalNanos) {
        messages.addAndGet(count(body));
        requests.add(arrivalNanos);
        return true;
    }

    /** Occurrences of the key "messageId" (a quote inside a JSON string is escaped, so a value cannot match). */
    static int count(byte[] body) {
        int found = 0;
        int last = body.length - KEY.length;
        for (int i = 0; i <= last; i++) {
            if (body[i] == '"' && body[i + 1] == 'm' && matchesKey(body, i) && (i == 0 || body[i - 1] != '\\')) {
                found++;
                i += KEY.length - 1;
            }
        }
        return found;
    }

    private static boolean matchesKey(byte[] body, int at) {
        for (int k = 2; k < KEY.length; k++) {
            if (body[at + k] != KEY[k]) {
                return false;
            }
        }
        return true;
    }

    /** Messages counted so far, repeats included. */
    @Override
    public int distinctMessages() {
        return (int) messages.get();
    }

    @Override
    public long[] requestArrivals() {
        return requests.sorted();
    }

    @Override
    public void clear() {
        messages.set(0);
        requests.clear();
    }
}
