package io.github.forwarder.intake;

import io.github.forwarder.support.RunningForwarder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Posts many bodies to the intake from 32 clients at once, as a burst of Sentry webhooks arrives. */
final class ConcurrentPosts {

    static final int CLIENTS = 32;

    private ConcurrentPosts() {
    }

    /** The answers, in the order of the bodies. */
    static List<HttpResponse<String>> postAllAtOnce(RunningForwarder forwarder, List<byte[]> bodies)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<HttpResponse<String>>> posts = new ArrayList<>();
            for (byte[] body : bodies) {
                posts.add(clients.submit(() -> forwarder.post(body)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> post : posts) {
                answers.add(post.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }
}
