package io.github.forwarder.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * For unit tests of the delivery core: a bare Camel context whose {@code direct:post-request-to-segment} answers as
 * Segment would, instead of the production route's rate limit and HTTP call. It records each request, answers 200
 * or the status {@link #answerWith} gives (a failure as the HTTP component raises it), and while {@link #hold} is
 * on keeps its answers back until {@link #answerHeld}.
 */
public final class SegmentRequestsInMemory extends AsyncProcessorSupport implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as Segment received it: its URL, Authorization header, the projects counted, its body. */
    public record Request(String url, String authorization, List<String> projects, byte[] body) {

        /** The messages it carries: those of {"batch":[...]}, or the body itself. */
        public List<JsonNode> messages() {
            JsonNode json = json();
            List<JsonNode> messages = new ArrayList<>();
            (json.has("batch") ? json.get("batch") : JSON.createArrayNode().add(json)).forEach(messages::add);
            return messages;
        }

        public List<String> messageIds() {
            return messages().stream().map(message -> message.get("messageId").asText()).toList();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final CamelContext context = new DefaultCamelContext();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile ToIntFunction<Request> status = request -> 200;
    private volatile boolean holding;

    public SegmentRequestsInMemory() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:post-request-to-segment").process(SegmentRequestsInMemory.this);
            }
        });
        context.start();
    }

    public CamelContext context() {
        return context;
    }

    /** The requests received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** From now on each request is answered with this status (200 when it gives 200). */
    public void answerWith(ToIntFunction<Request> status) {
        this.status = status;
    }

    /** From now on answers are kept back until {@link #answerHeld}. */
    public void hold() {
        holding = true;
    }

    /** Answers the requests kept back, and answers later ones at once. */
    public void answerHeld() {
        holding = false;
        for (Runnable answer = held.poll(); answer != null; answer = held.poll()) {
            answer.run();
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        SegmentRequests.SegmentRequest sent = exchange.getProperty(io.github.forwarder.ExchangeProperties.SEGMENT_REQUEST,
                SegmentRequests.SegmentRequest.class);
        Request request = new Request(sent.url(), exchange.getMessage().getHeader("Authorization", String.class),
                sent.projects(),
                exchange.getMessage().getBody(byte[].class));
        requests.add(request);
        Runnable answer = () -> {
            int code = status.applyAsInt(request);
            if (code >= 300) {
                exchange.setException(new HttpOperationFailedException(request.url(), code, "status " + code, null,
                        Map.of(), "{\"success\":false}"));
            }
        };
        if (holding) {
            held.add(() -> {
                answer.run();
                callback.done(false);
            });
            return false;
        }
        answer.run();
        callback.done(true);
        return true;
    }

    @Override
    public void close() {
        answerHeld();
        context.stop();
    }
}
