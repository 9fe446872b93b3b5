package io.github.forwarder.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.ops.steering.ForwarderSteering;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.SpringBootHost;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Spring Boot": a Camel Spring Boot application (examples/spring-boot-host, packaged by Maven against the
 * starter as any dependent would be) with the starter and the README's properties. It serves its own route, and the
 * forwarder's intake on its own port with the intake's answers, takes the forwarder's settings from Spring (its
 * application.properties, the command line), shows the forwarder's meters and readiness in Actuator, registers its
 * steering MBean, and forwards
 * through JMS and Redis with the versions Spring Boot's dependency management picks for them.
 */
class SpringBootHostIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY_BYTES = 1_048_576;
    private static final String TOKEN = "spring-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path workDir;

    @Test
    void theHostKeepsItsRouteAndForwardsWithTheSettingsOfItsApplicationProperties() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             SpringBootHost host = SpringBootHost.start(workDir,
                     List.of("--segment.base-url=" + segment.baseUrl(), "--sentry.webhook-token=" + TOKEN), Map.of())) {
            HttpResponse<String> hello = send(HttpRequest.newBuilder(URI.create(host.url("/hello"))).GET());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello from the host");

            HttpResponse<String> accepted = post(host, SentryEvents.forwardable(1));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.trackCallOf(SentryEvents.eventId(1)).isPresent());
            // the write key of the host's application.properties, not dry-run
            assertThat(segment.trackCallOf(SentryEvents.eventId(1)).orElseThrow().header("Authorization"))
                    .isEqualTo("Basic " + base64(SegmentStandIn.WRITE_KEY + ":"));
            assertThat(workDir.resolve("data/sentry-forwarder/spool")).isDirectory();

            HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(URI.create(host.url("/sentry/events")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(SentryEvents.forwardable(6))));
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(unauthorized.body()).contains("\"error\"");
            HttpResponse<String> invalid = post(host, "not json".getBytes(StandardCharsets.UTF_8));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("\"error\"");
            byte[] oversize = new byte[(int) MAX_BODY_BYTES + 1];
            HttpResponse<String> tooLarge = post(host, oversize);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(tooLarge.body()).path("error").asText()).contains("forwarder.intake.maxBodyBytes");
            HttpResponse<String> tooLargeChunked = send(HttpRequest.newBuilder(URI.create(host.url("/sentry/events")))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversize))));
            assertThat(tooLargeChunked.statusCode()).isEqualTo(413);
            HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(host.url("/sentry/events")))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(SentryEvents.forwardable(7)))));
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.trackCallOf(SentryEvents.eventId(7)).isPresent());

            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(host.url("/actuator/health"))).GET());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
            assertThat(host.hasMBean(ForwarderSteering.NAME)).as("the steering MBean").isTrue();
            String metrics = send(HttpRequest.newBuilder(URI.create(host.url("/actuator/prometheus"))).GET()).body();
            assertThat(metrics).containsPattern("(?m)^forwarder_events_received_total\\{.*\\} 2\\.0$");

            // A dead letter turns the forwarder's readiness check DOWN: Actuator's readiness group shows it.
            segment.refuseMessagesContaining("\"u2\"");
            assertThat(post(host, SentryEvents.forwardable(2)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> readiness = send(
                        HttpRequest.newBuilder(URI.create(host.url("/actuator/health/readiness"))).GET());
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            });
            assertThat(host.console()).contains("Hello requested").doesNotContain(SegmentStandIn.WRITE_KEY)
                    .doesNotContain(TOKEN).doesNotContain("DRY-RUN");
        }
    }

    /**
     * Spring's order: the command line over the environment (and over application.properties). Spring Boot's
     * dependency management picks older Lettuce, Artemis and pooled-jms than the forwarder's own: JMS and Redis work.
     */
    @Test
    void aWriteKeyOnTheCommandLineWinsOverTheEnvironmentAndJmsAndRedisWorkWithSpringBootsVersions() throws Exception {
        int brokerPort = RunningForwarder.freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).setName("spring-boot-host-" + System.nanoTime())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        String commandLineKey = "command-line-" + Long.toHexString(System.nanoTime());
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
             SpringBootHost host = SpringBootHost.start(workDir, List.of("--segment.base-url=" + segment.baseUrl(),
                     "--segment.writeKey=" + commandLineKey,
                     "--forwarder.source=jms:queue:sentry.events?transacted=true",
                     "--forwarder.jms.broker-url=tcp://127.0.0.1:" + brokerPort,
                     "--forwarder.redis.url=" + redis.url()), Map.of("SEGMENT_WRITEKEY", "environment-key"))) {
            assertThat(post(host, SentryEvents.forwardable(3)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.trackCallOf(SentryEvents.eventId(3)).isPresent());
            assertThat(segment.trackCallOf(SentryEvents.eventId(3)).orElseThrow().header("Authorization"))
                    .isEqualTo("Basic " + base64(commandLineKey + ":"));
            // the same event again is known to Redis: Segment gets it once
            assertThat(post(host, SentryEvents.forwardable(3)).statusCode()).isEqualTo(202);
            assertThat(post(host, SentryEvents.forwardable(4)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.trackCallOf(SentryEvents.eventId(4)).isPresent());
            assertThat(segment.deliveredMessageIds()).containsOnlyOnce("sentry-" + SentryEvents.eventId(3));
            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(host.url("/actuator/health"))).GET());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(host.console()).doesNotContain(commandLineKey);
        } finally {
            broker.stop();
        }
        List<String> jars = springBootHostJars();
        assertThat(jars).anyMatch(jar -> jar.startsWith("lettuce-core-6.6."))
                .anyMatch(jar -> jar.startsWith("artemis-jakarta-client-2.40."))
                .anyMatch(jar -> jar.startsWith("pooled-jms-3.1."));
    }

    @Test
    void routesThatDoNotRunAnswer503WithRetryAfter() throws Exception {
        try (SpringBootHost host = SpringBootHost.start(workDir, List.of("--camel.main.auto-startup=false"),
                Map.of())) {
            HttpResponse<String> notRunning = post(host, SentryEvents.forwardable(5));
            assertThat(notRunning.statusCode()).isEqualTo(503);
            assertThat(notRunning.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(JSON.readTree(notRunning.body()).path("error").asText()).contains("is not running");
        }
    }

    @Test
    void aSettingOfTheWrongTypeStopsTheStartWithSpringsMessage() {
        assertThatThrownBy(() -> SpringBootHost.start(workDir, List.of("--forwarder.throttle.rate=fast"), Map.of()))
                .hasMessageContaining("exited")
                .hasMessageContaining("Failed to bind properties under 'forwarder.throttle.rate' to java.lang.Integer");
    }

    /** One jar, no logging backend of the forwarder's, Jackson and everything else as the host resolves them. */
    @Test
    void theStarterIsVersionedWithTheLibraryAndBringsNoLoggingBackend() throws Exception {
        String version = libraryVersion();
        Matcher starterVersion = Pattern.compile(
                "<artifactId>sentry-segment-forwarder-spring-boot-starter</artifactId>\\s*<version>([^<]+)")
                .matcher(Files.readString(Path.of("spring-boot-starter/pom.xml")));
        assertThat(starterVersion.find()).isTrue();
        assertThat(starterVersion.group(1)).isEqualTo(version);
        List<String> jars = springBootHostJars();
        assertThat(jars).filteredOn(jar -> jar.startsWith("jackson-core-")).hasSize(1);
        assertThat(jars).filteredOn(jar -> jar.startsWith("log4j-core-") || jar.startsWith("log4j-slf4j2-impl-")
                || jar.startsWith("jetty-webapp-")).isEmpty();
        assertThat(jars).filteredOn(jar -> jar.startsWith("logback-classic-")).hasSize(1); // the host's own
        assertThat(jars).contains("sentry-segment-forwarder-" + version + ".jar",
                "sentry-segment-forwarder-spring-boot-starter-" + version + ".jar");
    }

    /**
     * Every setting of the forwarder's application.properties is in the starter's metadata (IDE completion, types),
     * and the default its description states is the file's.
     */
    @Test
    void theStartersMetadataDeclaresEverySettingOfTheForwarder() throws Exception {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        Map<String, String> settings = new TreeMap<>();
        file.stringPropertyNames().stream().filter(key -> key.matches("(forwarder|segment|sentry)\\..+"))
                .forEach(key -> settings.put(key.replaceAll("(?<=[a-z0-9])(?=[A-Z])", "-").toLowerCase(Locale.ROOT),
                        file.getProperty(key)));
        Set<String> declared = new TreeSet<>();
        Map<String, String> statedDefaults = new TreeMap<>();
        Map<String, String> fileDefaults = new TreeMap<>();
        try (JarFile starter = new JarFile(starterJar().toFile())) {
            JsonNode metadata = JSON.readTree(starter.getInputStream(
                    starter.getEntry("META-INF/spring-configuration-metadata.json")));
            metadata.path("properties").forEach(property -> {
                String name = property.path("name").asText();
                declared.add(name);
                Matcher stated = Pattern.compile("\\(default ([^ )]+)\\)").matcher(property.path("description").asText());
                if (stated.find() && !stated.group(1).equals("none") && settings.containsKey(name)) {
                    statedDefaults.put(name, stated.group(1));
                    fileDefaults.put(name, settings.get(name));
                }
            });
        }
        assertThat(declared).isEqualTo(settings.keySet());
        assertThat(statedDefaults).isEqualTo(fileDefaults);
    }

    @Test
    void theExampleCarriesTheReadmesBlocksVerbatim() throws Exception {
        Matcher section = Pattern.compile("(?s)\n## Spring Boot\n(.*?)\n## ").matcher(Files.readString(
                Path.of("README.md")) + "\n## ");
        assertThat(section.find()).as("README has a Spring Boot section").isTrue();
        Matcher xml = Pattern.compile("(?s)```xml\n(.*?)```").matcher(section.group(1));
        Matcher properties = Pattern.compile("(?s)```properties\n(.*?)```").matcher(section.group(1));
        assertThat(xml.find() && properties.find()).as("one xml and one properties block").isTrue();
        assertThat(Files.readString(Path.of("examples/spring-boot-host/pom.xml")).replaceAll("\\s+", " "))
                .contains(xml.group(1).replaceAll("\\s+", " ").trim());
        assertThat(Files.readString(Path.of("examples/spring-boot-host/src/main/resources/application.properties")))
                .contains(properties.group(1));
    }

    private static String libraryVersion() throws Exception {
        Matcher version = Pattern.compile("<artifactId>sentry-segment-forwarder</artifactId>\\s*<version>([^<]+)")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static Path starterJar() throws Exception {
        return Path.of("target/it-starter/target").resolve(
                "sentry-segment-forwarder-spring-boot-starter-" + libraryVersion() + ".jar");
    }

    /** The jars packaged into the host's runnable jar (BOOT-INF/lib). */
    private static List<String> springBootHostJars() throws Exception {
        List<String> jars = new ArrayList<>();
        try (JarFile jar = new JarFile(SpringBootHost.JAR.toFile())) {
            jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .map(name -> name.substring("BOOT-INF/lib/".length())).filter(name -> !name.isEmpty())
                    .forEach(jars::add);
        }
        return jars;
    }

    private static HttpResponse<String> post(SpringBootHost host, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(host.url("/sentry/events")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
