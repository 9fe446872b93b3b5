package io.github.forwarder.bench.segment;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CountDownLatch;

/**
 * The Segment stand-in in a JVM of its own, so that the harness's load and bookkeeping do not delay the moments
 * it stamps. Besides Segment's paths it answers the harness on /_standin/: GET arrivals (the distinct messageIds
 * received, then each request's arrival in System.nanoTime, one per line: the same clock as every process on
 * this machine), GET count (the messages received: the only line a poll needs) and POST clear.
 *
 * Usage: StandInServer <port> [--count]; --count only counts the messages (CountedMessages) instead of parsing
 * each body. Prints "stand-in listening on <port>" once it listens.
 */
public final class StandInServer {

    static final String CONTROL_PATH = "/_standin/";
    public static final String ARRIVALS_PATH = CONTROL_PATH + "arrivals";
    public static final String COUNT_PATH = CONTROL_PATH + "count";
    public static final String CLEAR_PATH = CONTROL_PATH + "clear";
    public static final String COUNTING = "--count";
    public static final String READY_LINE = "stand-in listening on ";

    private StandInServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean counting = args.length > 1 && args[1].equals(COUNTING);
        SegmentStandIn standIn = SegmentStandIn.start(2, port,
                counting ? new CountedMessages() : new ReceivedMessages());
        System.out.println(READY_LINE + standIn.port());
        new CountDownLatch(1).await(); // runs until the harness stops it
    }

    /** Answers the harness's requests for what was received. */
    static void control(HttpServerRequest request, SegmentArrivals received) {
        if (request.method() == HttpMethod.GET && request.path().equals(COUNT_PATH)) {
            request.response().putHeader("Content-Type", "text/plain").end(String.valueOf(received.distinctMessages()));
        } else if (request.method() == HttpMethod.GET && request.path().equals(ARRIVALS_PATH)) {
            long[] arrivals = received.requestArrivals();
            StringBuilder text = new StringBuilder(arrivals.length * 16 + 16);
            text.append(received.distinctMessages()).append('\n');
            for (long arrival : arrivals) {
                text.append(arrival).append('\n');
            }
            request.response().putHeader("Content-Type", "text/plain").end(Buffer.buffer(text.toString()));
        } else if (request.method() == HttpMethod.POST && request.path().equals(CLEAR_PATH)) {
            received.clear();
            request.response().setStatusCode(204).end();
        } else {
            request.response().setStatusCode(404).end();
        }
    }
}
