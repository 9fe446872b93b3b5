package io.github.forwarder.bench.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The floor for end to end: the least a forwarder can do per event, with no durability at all. One thread reads
 * each NDJSON file of the folder and deletes it, Jackson-parses each event once, filters it, shapes its Track
 * call like the forwarder, and posts batches of 500 to /v1/batch with java.net.http, asynchronously (it never
 * waits for an answer, retries nothing and keeps nothing on disk). A partial batch is sent when the folder is
 * drained.
 *
 * Usage: BareLoopForwarder <input folder> <Segment base URL>; the write key comes from SEGMENT_WRITEKEY.
 */
public final class BareLoopForwarder {

    public static final String READY_LINE = "bare loop ready";
    static final int BATCH_SIZE = 500;
    private static final long POLL_MILLIS = 100;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI batchUri;
    private final String authorization;
    private ArrayNode batch;

    private BareLoopForwarder(String baseUrl, String writeKey) {
        this.batchUri = URI.create(baseUrl + "/v1/batch");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        this.batch = mapper.createArrayNode();
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        BareLoopForwarder loop = new BareLoopForwarder(args[1], System.getenv("SEGMENT_WRITEKEY"));
        System.out.println(READY_LINE);
        while (true) {
            List<Path> files = waitingFiles(input);
            for (Path file : files) {
                loop.forward(file);
            }
            if (files.isEmpty()) {
                loop.send();
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private void forward(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            Files.delete(file);
        } catch (NoSuchFileException gone) {
            return;
        }
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start) {
                    ObjectNode track = TrackJson.of(mapper, mapper.readTree(bytes, start, i - start));
                    if (track != null) {
                        batch.add(track);
                        if (batch.size() == BATCH_SIZE) {
                            send();
                        }
                    }
                }
                start = i + 1;
            }
        }
    }

    private void send() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("batch", batch);
        batch = mapper.createArrayNode();
        HttpRequest request = HttpRequest.newBuilder(batchUri).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                System.err.println("bare loop: batch failed: " + (failure != null ? failure : response.statusCode()));
            }
        });
    }

    /** Complete files (written under a hidden name, then renamed), oldest name first. */
    private static List<Path> waitingFiles(Path input) throws IOException {
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
