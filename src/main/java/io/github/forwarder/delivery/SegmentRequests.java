package io.github.forwarder.delivery;

import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.SegmentDestinations.Destination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Turns Segment calls into requests. With segment.batch.size 1 each call is its own request to /v1/&lt;call&gt;.
 * Above 1, calls bound for the same source and region are posted together to /v1/batch: at most
 * {@code batchSize} messages and under Segment's 500 KB per request. A full batch goes at once; one that is not full
 * goes at once when no request to its destination is unanswered, else it fills until that answer comes, for at
 * most {@code timeoutMs}. So a lone event does not wait, and under load (or while requests wait for the rate) the
 * calls of many batches of events fill the same request. Each call gets its own outcome: its request's answer. A
 * 400 for a batch is split into single sends, so one bad message does not fail the others. Requests go through
 * the post-request-to-segment route (rate limit, the HTTP call) without holding the caller's thread.
 */
public final class SegmentRequests extends AsyncProcessorSupport {

    /** Segment's batch limits: 2,500 messages and 500 KB per request (kept under with room for the envelope). */
    static final int MAX_MESSAGES = 2500;
    static final int MAX_BATCH_BYTES = 500 * 1000;
    /** Unanswered requests per destination below which a partial batch is not held back. */
    static final int EAGER_REQUESTS = 1;
    /** Where a request goes and the project of each call in it (the metrics count a forwarded event per call). */
    public record SegmentRequest(String url, List<String> projects) {

        /** The endpoint post-request-to-segment calls: the URL with the rate's hooks on its HTTP client. */
        public String endpointUri() {
            return endpointUri(url);
        }

        static String endpointUri(String url) {
            return url + "?httpClientConfigurer=#segmentRateLimit";
        }
    }

    private final CamelContext context;
    private final SegmentDestinations destinations;
    private final int batchSize;
    private final long timeoutMs;
    private final Map<Destination, Batch> open = new HashMap<>();
    /** Requests sent and not yet answered, per destination (batch mode; guarded by {@code open}). */
    private final Map<Destination, Integer> unanswered = new HashMap<>();
    private ScheduledExecutorService timer;
    private AsyncProducer requests;

    public SegmentRequests(CamelContext context, SegmentDestinations destinations, int batchSize, long timeoutMs) {
        this.context = context;
        this.destinations = destinations;
        this.batchSize = Math.min(batchSize, MAX_MESSAGES);
        this.timeoutMs = timeoutMs;
    }

    public boolean isBatching() {
        return batchSize > 1;
    }

    /** One call waiting for its request's answer. */
    private record Pending(SegmentCall call, CompletableFuture<Void> outcome) {
        Pending(SegmentCall call) {
            this(call, new CompletableFuture<>());
        }

        byte[] json() {
            return call.json();
        }

        /** Its size in a batch request: its bytes and the comma before it. */
        int bytes() {
            return call.json().length + 1;
        }
    }

    /** The calls collected for one destination. */
    private static final class Batch {
        final List<Pending> calls = new ArrayList<>();
        int bytes;
    }

    /** Sends the call; the future completes when Segment accepted it, or exceptionally with the failure. */
    public CompletableFuture<Void> submit(SegmentCall call) {
        return submitAll(List.of(call)).get(0);
    }

    /**
     * Sends the calls (those of one batch of events): each future completes when Segment accepted its call, or
     * exceptionally with the failure.
     */
    public List<CompletableFuture<Void>> submitAll(List<SegmentCall> calls) {
        List<CompletableFuture<Void>> outcomes = new ArrayList<>(calls.size());
        if (!isBatching()) {
            for (SegmentCall call : calls) {
                Pending pending = new Pending(call);
                outcomes.add(pending.outcome());
                send(call.destination(), List.of(pending));
            }
            return outcomes;
        }
        List<Map.Entry<Destination, Batch>> ready = new ArrayList<>();
        synchronized (open) {
            for (SegmentCall call : calls) {
                Pending pending = new Pending(call);
                outcomes.add(pending.outcome());
                add(call.destination(), pending, ready);
            }
            for (Destination destination : calls.stream().map(SegmentCall::destination).distinct().toList()) {
                if (unanswered.getOrDefault(destination, 0) < EAGER_REQUESTS) {
                    takeOpen(destination, ready);
                }
            }
        }
        ready.forEach(batch -> send(batch.getKey(), batch.getValue().calls));
        return outcomes;
    }

    /** Adds a call to its destination's open batch; a batch that is full (or would overflow) becomes ready. */
    private void add(Destination destination, Pending pending, List<Map.Entry<Destination, Batch>> ready) {
        Batch batch = open.get(destination);
        if (batch != null && batch.bytes + pending.bytes() > MAX_BATCH_BYTES) {
            takeOpen(destination, ready);
            batch = null;
        }
        if (batch == null) {
            Batch created = new Batch();
            open.put(destination, created);
            timer.schedule(() -> flush(destination, created), timeoutMs, TimeUnit.MILLISECONDS);
            batch = created;
        }
        batch.calls.add(pending);
        batch.bytes += pending.bytes();
        if (batch.calls.size() >= batchSize) {
            takeOpen(destination, ready);
        }
    }

    /** The destination's open batch, if any, becomes ready and counts as an unanswered request. */
    private void takeOpen(Destination destination, List<Map.Entry<Destination, Batch>> ready) {
        Batch batch = open.remove(destination);
        if (batch != null) {
            unanswered.merge(destination, 1, Integer::sum);
            ready.add(Map.entry(destination, batch));
        }
    }

    /**
     * One attempt of a call alone (route post-to-segment, which its caller redelivers whole): the failure the call
     * starts from is raised once, else the attempt is counted and the call waits for its request's answer.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CallInFlight call = CallInFlight.of(exchange);
        try {
            call.nextAttempt();
        } catch (Exception failure) {
            exchange.setException(failure);
            callback.done(true);
            return true;
        }
        submit(call.call()).whenComplete((ok, failure) -> {
            if (failure != null) {
                exchange.setException(failure);
            }
            callback.done(false);
        });
        return false;
    }

    /** The timeout of a batch: sends it unless it was already sent. */
    private void flush(Destination destination, Batch batch) {
        List<Map.Entry<Destination, Batch>> ready = new ArrayList<>();
        synchronized (open) {
            if (open.get(destination) == batch) {
                takeOpen(destination, ready);
            }
        }
        ready.forEach(next -> send(next.getKey(), next.getValue().calls));
    }

    /** A batch request was answered: a partial batch held back for it may go now. */
    private void answered(Destination destination) {
        List<Map.Entry<Destination, Batch>> ready = new ArrayList<>();
        synchronized (open) {
            unanswered.computeIfPresent(destination, (key, count) -> count > 1 ? count - 1 : null);
            if (unanswered.getOrDefault(destination, 0) < EAGER_REQUESTS) {
                takeOpen(destination, ready);
            }
        }
        ready.forEach(next -> send(next.getKey(), next.getValue().calls));
    }

    private void send(Destination destination, List<Pending> calls) {
        post(destination, calls).whenComplete((answer, error) -> {
            if (isBatching()) {
                answered(destination);
            }
            if (error instanceof HttpOperationFailedException http && http.getStatusCode() == 400 && calls.size() > 1) {
                // Which message Segment refused is not said: each goes alone and meets its own answer.
                calls.forEach(call -> post(destination, List.of(call)).whenComplete((single, singleError) ->
                        complete(List.of(call), singleError)));
            } else {
                complete(calls, error);
            }
        });
    }

    /** One request: a call alone to /v1/&lt;call&gt;, or calls in a batch to /v1/batch. */
    private CompletableFuture<Void> post(Destination destination, List<Pending> calls) {
        Exchange request = new DefaultExchange(context);
        String url = isBatching() ? destination.batchUrl() : destination.url(calls.get(0).call().call());
        request.getMessage().setBody(isBatching() ? batchBody(calls) : calls.get(0).json());
        List<String> projects = calls.stream()
                .map(call -> call.call().project() == null ? "none" : call.call().project()).toList();
        request.setProperty(ExchangeProperties.SEGMENT_REQUEST, new SegmentRequest(url, projects));
        request.setProperty(ExchangeProperties.RATE_KEY, destination.rateKey());
        request.getMessage().setHeader("Authorization", destination.authorization());
        CompletableFuture<Void> answered = new CompletableFuture<>();
        requests.process(request, sync -> {
            if (request.getException() != null) {
                answered.completeExceptionally(request.getException());
            } else {
                answered.complete(null);
            }
        });
        return answered;
    }

    /** {"batch":[call,call,...]} from the calls' UTF-8 bytes, copied once. */
    private static byte[] batchBody(List<Pending> calls) {
        byte[] start = "{\"batch\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[start.length + calls.stream().mapToInt(Pending::bytes).sum() - 1 + 2];
        System.arraycopy(start, 0, body, 0, start.length);
        int at = start.length;
        for (int i = 0; i < calls.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] json = calls.get(i).json();
            System.arraycopy(json, 0, body, at, json.length);
            at += json.length;
        }
        body[at++] = ']';
        body[at] = '}';
        return body;
    }

    private static void complete(List<Pending> calls, Throwable failure) {
        for (Pending call : calls) {
            if (failure != null) {
                call.outcome().completeExceptionally(failure);
            } else {
                call.outcome().complete(null);
            }
        }
    }

    @Override
    protected void doStart() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segment-batch-timeout");
            thread.setDaemon(true);
            return thread;
        });
        requests = context.getEndpoint("direct:post-request-to-segment").createAsyncProducer();
        ServiceHelper.startService(requests);
    }

    /**
     * Prepares the HTTP client of every configured destination, without calling Segment: the first request then
     * does not pay for creating the client, its connection manager and TLS context (seconds on a busy machine),
     * which would hold up the first batches of events behind it.
     */
    public void prepareClients() {
        for (Destination destination : destinations.configured()) {
            // The endpoint the requests use, so that its client is the one prepared.
            String url = SegmentRequest.endpointUri(isBatching() ? destination.batchUrl() : destination.url("track"));
            try {
                ServiceHelper.startService(context.getEndpoint(url).createProducer());
            } catch (Exception e) {
                // Not needed for correctness: the first request creates the client instead.
                org.slf4j.LoggerFactory.getLogger(SegmentRequests.class).debug("Could not prepare a client for {}", url, e);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        timer.shutdownNow();
        ServiceHelper.stopService(requests);
    }
}
