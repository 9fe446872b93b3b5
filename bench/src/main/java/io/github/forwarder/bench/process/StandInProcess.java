package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.FreePort;
import io.github.forwarder.bench.segment.SegmentArrivals;
import io.github.forwarder.bench.segment.StandInServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Segment stand-in (StandInServer) in its own JVM, with no BENCH_JVM_OPTS: it is not under test. What it
 * received is read over its /_standin/ paths.
 */
public final class StandInProcess implements SegmentArrivals, AutoCloseable {

    private final JavaProcess process;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandInProcess(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static StandInProcess start(BenchEnvironment environment) {
        int port = FreePort.find();
        JavaProcess process = JavaProcess.start(BenchJarCommand.withoutOptionsUnderTest(environment,
                        StandInServer.class, List.of(String.valueOf(port))), environment.repoRoot(), Map.of(),
                environment.logFile("stand-in-" + port), Readiness.consoleLine(StandInServer.READY_LINE),
                Duration.ofSeconds(60));
        return new StandInProcess(process, port);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public int distinctMessages() {
        return Integer.parseInt(arrivalLines()[0]);
    }

    @Override
    public long[] requestArrivals() {
        String[] lines = arrivalLines();
        long[] arrivals = new long[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            arrivals[i - 1] = Long.parseLong(lines[i]);
        }
        return arrivals;
    }

    @Override
    public void clear() {
        send(HttpRequest.newBuilder(URI.create(baseUrl() + StandInServer.CLEAR_PATH))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String[] arrivalLines() {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + StandInServer.ARRIVALS_PATH)).build())
                .strip().split("\n");
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
