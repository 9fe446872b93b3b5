package io.github.forwarder.bench.baseline;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What an intake without one Camel exchange per request could reach: the bare Vert.x server's parse, then the
 * forwarder's promise, 202 once stored. Each accepted body becomes one NDJSON line; one thread writes whatever
 * waits as one file (a temporary name, then a rename: the spool's group commit, without sync) and the answers go
 * out when their file is renamed. Alone, nothing reads the files: they are deleted with the process's folder;
 * {@link DurableBareForwarder} runs the bare loop on them.
 *
 * Usage: DurableBareIntakeServer <port> <folder>
 */
public final class DurableBareIntakeServer {

    private static final int MAX_GROUP = 256;

    /** An accepted body waiting for its group's file, with the request to answer once it is written. */
    private record Pending(byte[] line, String eventId, HttpServerRequest request, Context context) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Path folder;
    private long sequence;

    private DurableBareIntakeServer(Path folder) {
        this.folder = folder;
    }

    public static void main(String[] args) throws Exception {
        listen(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("durable bare intake server listening on " + args[0]);
    }

    /** Starts the server and its writer; returns once it listens. */
    static void listen(int port, Path folder) throws Exception {
        DurableBareIntakeServer server = new DurableBareIntakeServer(folder);
        Thread writer = new Thread(server::writeGroups, "group writer");
        writer.setDaemon(true);
        writer.start();
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(server::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET && request.path().equals(BareIntakeServer.READY_PATH)) {
            request.response().setStatusCode(200).end();
            return;
        }
        if (request.method() != HttpMethod.POST || !request.path().equals("/sentry/events")) {
            request.response().setStatusCode(404).end();
            return;
        }
        Context context = Vertx.currentContext();
        request.body().onSuccess(body -> {
            byte[] bytes = body.getBytes();
            String eventId = BareIntakeServer.eventId(bytes);
            if (eventId == null) {
                request.response().setStatusCode(400).end("{\"error\":\"not a Sentry event\"}");
                return;
            }
            queue.add(new Pending(line(bytes), eventId, request, context));
        }).onFailure(failure -> request.response().setStatusCode(400).end());
    }

    private void writeGroups() {
        try {
            while (true) {
                List<Pending> group = new ArrayList<>(List.of(queue.take()));
                queue.drainTo(group, MAX_GROUP - 1);
                boolean stored = write(group);
                for (Pending pending : group) {
                    pending.context().runOnContext(v -> pending.request().response().setStatusCode(stored ? 202 : 503)
                            .putHeader("Content-Type", "application/json")
                            .end(stored ? "{\"status\":\"accepted\",\"eventId\":\"" + pending.eventId() + "\"}"
                                    : "{\"error\":\"not stored\"}"));
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean write(List<Pending> group) {
        String name = String.format("http-%09d.json", ++sequence);
        Path temporary = folder.resolve(".tmp-" + name);
        ByteBuffer[] lines = group.stream().map(p -> ByteBuffer.wrap(p.line())).toArray(ByteBuffer[]::new);
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                while (lines[lines.length - 1].hasRemaining()) {
                    out.write(lines);
                }
            }
            Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The body on one line, as the forwarder's spool keeps it. */
    private static byte[] line(byte[] body) {
        byte[] line = new byte[body.length + 1];
        for (int i = 0; i < body.length; i++) {
            line[i] = body[i] == '\r' || body[i] == '\n' ? (byte) ' ' : body[i];
        }
        line[body.length] = '\n';
        return line;
    }
}
