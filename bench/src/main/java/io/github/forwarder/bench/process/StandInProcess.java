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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Segment stand-in (StandInServer) in its own JVM, with no BENCH_JVM_OPTS: it is not under test. What it
 * received is read over its /_standin/ paths; its CPU time shows whether it could have bounded a figure.
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
        return start(environment, List.of());
    }

    /** One that only counts the messages (StandInServer --count): the least CPU per message. */
    public static StandInProcess startCounting(BenchEnvironment environment) {
        return start(environment, List.of(StandInServer.COUNTING));
    }

    private static StandInProcess start(BenchEnvironment environment, List<String> options) {
        int port = FreePort.find();
        List<String> arguments = new ArrayList<>(List.of(String.valueOf(port)));
        arguments.addAll(options);
        JavaProcess process = JavaProcess.start(BenchJarCommand.withoutOptionsUnderTest(environment,
                        StandInServer.class, arguments), environment.repoRoot(), Map.of(),
                environment.logFile("stand-in-" + port), Readiness.consoleLine(StandInServer.READY_LINE),
                Duration.ofSeconds(60));
        return new StandInProcess(process, port);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public int distinctMessages() {
        return Integer.parseInt(send(HttpRequest.newBuilder(URI.create(baseUrl() + StandInServer.COUNT_PATH)).build())
                .strip());
    }

    /** CPU time (user + system) the stand-in has used so far, in seconds. */
    public double cpuSeconds() {
        return process.cpuSeconds();
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
