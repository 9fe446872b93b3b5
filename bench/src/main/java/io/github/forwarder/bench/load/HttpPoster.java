package io.github.forwarder.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP load generator: N virtual clients, each on its own keep-alive connection, each sending its
 * next POST as soon as the previous one is answered. One Vert.x event loop drives them all, so the generator
 * takes as little of the shared CPU as possible.
 */
public final class HttpPoster implements AutoCloseable {

    private static final String ACCEPTED_MARK = "\"status\":\"accepted\"";

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final int clients;

    public HttpPoster(int clients) {
        this.clients = clients;
    }

    /** Posts bodies 0..count-1, each once. */
    public PostResults postEach(int port, String path, int count, IntFunction<byte[]> bodies, Duration timeout) {
        return run(port, path, count, System.nanoTime() + timeout.toNanos(), bodies, timeout);
    }

    /** Posts bodies 0, 1, 2, ... for this long. */
    public PostResults postFor(int port, String path, Duration duration, IntFunction<byte[]> bodies) {
        return run(port, path, Integer.MAX_VALUE, System.nanoTime() + duration.toNanos(), bodies,
                duration.plusSeconds(60));
    }

    private PostResults run(int port, String path, int count, long deadlineNanos, IntFunction<byte[]> bodies,
            Duration timeout) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients));
        PostResults results = new PostResults();
        CountDownLatch finished = new CountDownLatch(clients);
        Sender sender = new Sender(client, path, count, deadlineNanos, bodies, results, finished);
        for (int c = 0; c < clients; c++) {
            vertx.runOnContext(start -> sender.sendNext());
        }
        try {
            if (!finished.await(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the load did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            client.close();
        }
        return results;
    }

    /** The virtual clients' shared loop; runs on the one event loop only. */
    private static final class Sender {
        private final HttpClient client;
        private final RequestOptions request;
        private final int count;
        private final long deadlineNanos;
        private final IntFunction<byte[]> bodies;
        private final PostResults results;
        private final CountDownLatch finished;
        private int next;

        Sender(HttpClient client, String path, int count, long deadlineNanos, IntFunction<byte[]> bodies,
                PostResults results, CountDownLatch finished) {
            this.client = client;
            this.request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setIdleTimeout(30_000)
                    .putHeader("Content-Type", "application/json");
            this.count = count;
            this.deadlineNanos = deadlineNanos;
            this.bodies = bodies;
            this.results = results;
            this.finished = finished;
        }

        void sendNext() {
            if (next >= count || System.nanoTime() >= deadlineNanos) {
                finished.countDown();
                return;
            }
            int i = next++;
            Buffer body = Buffer.buffer(bodies.apply(i));
            long sent = System.nanoTime();
            client.request(request)
                    .compose(req -> req.send(body))
                    .compose(response -> response.body().map(answer -> {
                        results.record(i, sent, System.nanoTime(), response.statusCode(),
                                answer.toString().contains(ACCEPTED_MARK));
                        return answer;
                    }))
                    .onComplete(done -> {
                        if (done.failed()) {
                            results.record(i, sent, System.nanoTime(), 0, false);
                        }
                        sendNext();
                    });
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
