package io.github.forwarder.delivery;

import io.github.forwarder.segment.SegmentDestinations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Batch mode (segment.batch.size above 1): Segment calls bound for the same source and region are posted
 * together to /v1/batch, at most {@code batchSize} messages and under Segment's 500 KB per request, after at most
 * {@code timeoutMs}. Unlike an aggregator, it holds each event's own exchange until its batch is answered: the
 * source keeps the event until then (a crash loses nothing), and each event keeps its own retries and dead letter.
 * A 400 for a batch is split into single sends, so one bad message does not fail the others.
 */
public final class SegmentBatcher extends AsyncProcessorSupport {

    /** Segment's batch limits: 2,500 messages and 500 KB per request (kept under with room for the envelope). */
    static final int MAX_MESSAGES = 2500;
    static final int MAX_BATCH_BYTES = 500 * 1000;
    /** Exchange properties of a batch request, read by the batch route and the metrics. */
    public static final String BATCH_PROJECTS = "segmentBatchProjects";

    private final CamelContext context;
    private final SegmentDestinations destinations;
    private final int batchSize;
    private final long timeoutMs;
    private final Map<String, Batch> open = new HashMap<>();
    private ScheduledExecutorService timer;
    private ProducerTemplate template;

    public SegmentBatcher(CamelContext context, SegmentDestinations destinations, int batchSize, long timeoutMs) {
        this.context = context;
        this.destinations = destinations;
        this.batchSize = Math.min(batchSize, MAX_MESSAGES);
        this.timeoutMs = timeoutMs;
    }

    public boolean isBatching() {
        return batchSize > 1;
    }

    /** One Segment call waiting for its batch: the message, its exchange and how to resume it. */
    private record Pending(String json, int bytes, Exchange exchange, AsyncCallback callback) {
    }

    /** The calls collected for one destination (batch URL and write key). */
    private final class Batch {
        final String url;
        final String authorization;
        final String throttleKey;
        final List<Pending> calls = new ArrayList<>();
        int bytes;

        Batch(String url, String authorization, String throttleKey) {
            this.url = url;
            this.authorization = authorization;
            this.throttleKey = throttleKey;
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String json = exchange.getProperty(DeadLetterEntries.SEGMENT_MESSAGE, String.class);
        Pending call = new Pending(json, json.getBytes(StandardCharsets.UTF_8).length + 1, exchange, callback);
        String url = destinations.batchUrl(exchange);
        String authorization = destinations.authorization(exchange);
        String key = url + " " + destinations.throttleKey(exchange);
        Batch full = null;
        synchronized (open) {
            Batch batch = open.get(key);
            if (batch != null && batch.bytes + call.bytes() > MAX_BATCH_BYTES) {
                full = open.remove(key);
                batch = null;
            }
            if (batch == null) {
                Batch created = new Batch(url, authorization, destinations.throttleKey(exchange));
                open.put(key, created);
                timer.schedule(() -> flush(key, created), timeoutMs, TimeUnit.MILLISECONDS);
                batch = created;
            }
            batch.calls.add(call);
            batch.bytes += call.bytes();
            if (batch.calls.size() >= batchSize) {
                open.remove(key);
                send(batch);
            }
        }
        if (full != null) {
            send(full);
        }
        return false;
    }

    /** The timeout of a batch: sends it unless it was already sent full. */
    private void flush(String key, Batch batch) {
        synchronized (open) {
            if (open.get(key) != batch) {
                return;
            }
            open.remove(key);
        }
        send(batch);
    }

    private void send(Batch batch) {
        post(batch.url, batch.authorization, batch.throttleKey, batch.calls).whenComplete((answer, error) -> {
            Throwable failure = error != null ? error : answer.getException();
            if (failure instanceof HttpOperationFailedException http && http.getStatusCode() == 400
                    && batch.calls.size() > 1) {
                // Which message Segment refused is not said: each goes alone and meets its own answer.
                batch.calls.forEach(call -> post(batch.url, batch.authorization, batch.throttleKey, List.of(call))
                        .whenComplete((single, singleError) -> resume(List.of(call),
                                singleError != null ? singleError : single.getException())));
            } else {
                resume(batch.calls, failure);
            }
        });
    }

    private java.util.concurrent.CompletableFuture<Exchange> post(String url, String authorization, String throttleKey,
            List<Pending> calls) {
        StringBuilder body = new StringBuilder(batchBytes(calls) + 16).append("{\"batch\":[");
        for (int i = 0; i < calls.size(); i++) {
            body.append(i == 0 ? "" : ",").append(calls.get(i).json());
        }
        body.append("]}");
        return template.asyncSend("direct:post-batch-to-segment", request -> {
            request.setProperty("segmentUrl", url);
            request.setProperty("segmentThrottleKey", throttleKey);
            request.setProperty(BATCH_PROJECTS, calls.stream()
                    .map(call -> call.exchange().getProperty(SegmentDestinations.PROJECT_NAME, "none", String.class))
                    .toList());
            request.getMessage().setHeader("Authorization", authorization);
            request.getMessage().setBody(body.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Each call's exchange carries its batch's outcome; a failure goes through that event's own error handler. */
    private static void resume(List<Pending> calls, Throwable failure) {
        for (Pending call : calls) {
            if (failure != null) {
                call.exchange().setException(failure);
            }
            call.callback().done(false);
        }
    }

    private static int batchBytes(List<Pending> calls) {
        return calls.stream().mapToInt(Pending::bytes).sum();
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segment-batch-timeout");
            thread.setDaemon(true);
            return thread;
        });
        template = context.createProducerTemplate();
    }

    @Override
    protected void doStop() throws Exception {
        timer.shutdownNow();
        template.stop();
    }
}
