package io.github.forwarder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.ForwarderApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The forwarder booted the way production boots it ({@link ForwarderApp#newMain()}: the same routes/ and
 * application.properties), with only properties overridden: its own free ports (intake, management, console) and a
 * temporary data folder.
 */
public final class RunningForwarder implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Main main;
    private final int httpPort;
    private final int managementPort;
    private final Path dataDir;

    private RunningForwarder(Main main, int httpPort, int managementPort, Path dataDir) {
        this.main = main;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.dataDir = dataDir;
    }

    /** Settings for a test: the data folder and intake port are fresh, the rest as given. */
    public static Builder with() {
        return new Builder();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path deadLetterDir() {
        return dataDir.resolve("dead-letter");
    }

    public int httpPort() {
        return httpPort;
    }

    /** The port of /observe/health, /observe/metrics and /observe/jolokia. */
    public int managementPort() {
        return managementPort;
    }

    /** GETs a path of the management server, e.g. /observe/metrics; headers as name, value pairs. */
    public HttpResponse<String> management(String path, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return send(request.GET());
    }

    /** POSTs a body to the HTTP intake as Sentry does: JSON, with any extra headers. */
    public HttpResponse<String> post(byte[] body, String... headerPairs) {
        return postWithQuery("", body, headerPairs);
    }

    /** As {@link #post}, but chunked: the body's length is not announced. */
    public HttpResponse<String> postChunked(byte[] body) {
        return post("", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /** As {@link #post}, to the intake URL with a query string (e.g. "?token=..."). */
    public HttpResponse<String> postWithQuery(String query, byte[] body, String... headerPairs) {
        return post(query, HttpRequest.BodyPublishers.ofByteArray(body), headerPairs);
    }

    private HttpResponse<String> post(String query, HttpRequest.BodyPublisher body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(intakeUrl() + query))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(body);
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String intakeUrl() {
        return "http://localhost:" + httpPort + "/sentry/events";
    }

    /** Files in a folder under the data folder, hidden temporary files excluded. */
    /**
     * The id of every event in the spool's files, one per line (the intake stores an event as
     * {"sentryForwarderRead":…,"input":<the event>}). A file holds the events of many requests, and is deleted once
     * all of them are delivered or dead-lettered.
     */
    public List<String> eventIdsInSpool() {
        List<String> ids = new ArrayList<>();
        for (Path file : filesIn("spool")) {
            try {
                for (String line : Files.readAllLines(file)) {
                    JsonNode event = SPOOL_JSON.readTree(line);
                    ids.add((event.has("input") ? event.get("input") : event).path("event_id").asText());
                }
            } catch (NoSuchFileException deliveredMeanwhile) {
                // gone since it was listed
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private static final ObjectMapper SPOOL_JSON = new ObjectMapper();

    public List<Path> filesIn(String folder) {
        Path dir = dataDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        main.stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, Object> beans = new LinkedHashMap<>();
        private Path dataDir;

        /** Reuses a data folder, as a restarted forwarder does. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder property(String key, Object value) {
            properties.put(key, String.valueOf(value));
            return this;
        }

        /** A bean of an application the forwarder is embedded in, in the registry before the forwarder's own. */
        public Builder bind(String name, Object bean) {
            beans.put(name, bean);
            return this;
        }

        /** Delivers to the stand-in with a write key (no dry-run). */
        public Builder segment(SegmentStandIn segment) {
            return property("segment.baseUrl", segment.baseUrl()).property("segment.writeKey", SegmentStandIn.WRITE_KEY);
        }

        /** Short retry waits, so retry tests take seconds. */
        public Builder fastRetries(int maximumRedeliveries) {
            return property("forwarder.redelivery.maximumRedeliveries", maximumRedeliveries)
                    .property("forwarder.redelivery.initialDelayMs", 50)
                    .property("forwarder.redelivery.maximumDelayMs", 400);
        }

        public RunningForwarder start() {
            try {
                Path dataDir = this.dataDir != null ? this.dataDir : Files.createTempDirectory("forwarder-data-");
                int httpPort = freePort();
                int managementPort = freePort();
                Main main = ForwarderApp.newMain();
                main.addOverrideProperty("forwarder.dataDir", dataDir.toString());
                main.addOverrideProperty("camel.server.port", String.valueOf(httpPort));
                main.addOverrideProperty("camel.management.port", String.valueOf(managementPort));
                main.addOverrideProperty("forwarder.console.port", String.valueOf(freePort()));
                properties.forEach(main::addOverrideProperty);
                beans.forEach(main::bind);
                try {
                    main.start();
                } catch (RuntimeException refused) {
                    main.stop(); // what it opened before refusing (the HTTP servers) is closed again
                    throw refused;
                }
                return new RunningForwarder(main, httpPort, managementPort, dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
