package io.github.forwarder.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's prometheus server, started as a process with its own config, data folder and loopback port, scraping one
 * forwarder's /observe/metrics every second. Unlike Chromium it is never skipped: a test that needs it fails with the
 * install step when it is missing (.ci/run installs it).
 */
public final class PrometheusServer implements AutoCloseable {

    public static final String JOB = "sentry-segment-forwarder";
    private static final String INSTALL = "apt-get install --no-install-recommends prometheus";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final String url;

    private PrometheusServer(Process process, Path home, String url) {
        this.process = process;
        this.home = home;
        this.url = url;
    }

    /** The prometheus or promtool binary on PATH; fails (does not skip) the test when it is missing. */
    public static Path binary(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not on PATH: install Debian's prometheus ("
                        + INSTALL + "; .ci/run does it)"));
    }

    /** Starts prometheus scraping {@code http://127.0.0.1:<managementPort>/observe/metrics}; returns once it is ready. */
    public static PrometheusServer scraping(int managementPort) {
        Path prometheus = binary("prometheus");
        try {
            Path home = Files.createTempDirectory("prometheus-");
            Path config = Files.writeString(home.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: %s
                        metrics_path: /observe/metrics
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(JOB, managementPort));
            int port = RunningForwarder.freePort();
            Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
            PrometheusServer server = new PrometheusServer(process, home, "http://127.0.0.1:" + port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("prometheus exited with " + process.exitValue());
                }
                try {
                    return get("/-/ready").statusCode() == 200;
                } catch (UncheckedIOException notListeningYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            String log = log();
            close();
            throw new IllegalStateException("prometheus did not get ready: " + e.getMessage() + "\n" + log, e);
        }
    }

    /** An instant query evaluated at {@code time} (Unix seconds; null for now): the result vector's series. */
    public List<JsonNode> query(String expr, Double time) {
        String path = "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + (time == null ? "" : "&time=" + time);
        HttpResponse<String> answer = get(path);
        try {
            JsonNode json = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 || !"success".equals(json.path("status").asText())) {
                throw new AssertionError("prometheus refused " + expr + ": " + answer.body());
            }
            return List.copyOf(toList(json.path("data").path("result")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values of a label across the series matching a selector, as a Grafana label_values() variable lists them. */
    public List<String> labelValues(String label, String selector) {
        HttpResponse<String> answer = get("/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        try {
            return toList(JSON.readTree(answer.body()).path("data")).stream().map(JsonNode::asText).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            String log = Files.readString(home.resolve("prometheus.log"));
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
