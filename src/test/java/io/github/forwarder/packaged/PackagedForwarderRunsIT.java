package io.github.forwarder.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does after the README's two commands: run the jar, post a Sentry event, see the Segment
 * message; and with a write key from SEGMENT_WRITEKEY, the message is sent and the key appears in no log line.
 */
class PackagedForwarderRunsIT {

    @TempDir
    Path dataDir;

    @Test
    void withoutAWriteKeyItRunsDryAndShowsTheMessage() throws Exception {
        try (ForkedForwarder forwarder = ForkedForwarder.start(Map.of("forwarder.dataDir", dataDir.toString()), Map.of())) {
            assertThat(post(forwarder, "sdk-event-modern.json").statusCode()).isEqualTo(202);

            Path written = dataDir.resolve("dry-run/sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b.json");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(written));
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(written.toFile()))
                    .isEqualTo(Manifest.trackCall(Manifest.get("sdk-event-modern.json")));
            assertThat(forwarder.console()).containsOnlyOnce("DRY-RUN: no segment.writeKey");
        }
    }

    @Test
    void theWriteKeyFromTheEnvironmentIsUsedAndNeverLogged() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             ForkedForwarder forwarder = ForkedForwarder.start(
                     Map.of("forwarder.dataDir", dataDir.toString(), "segment.baseUrl", segment.baseUrl()),
                     Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY))) {
            segment.answerNext(SegmentStandIn.Answer.status(503), SegmentStandIn.Answer.status(401));

            post(forwarder, "sdk-event-modern.json");

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 2
                    && forwarder.console().contains("Dead-lettered Sentry event"));
            assertThat(segment.received().get(0).header("Authorization")).startsWith("Basic ");
            assertThat(forwarder.console()).doesNotContain(SegmentStandIn.WRITE_KEY)
                    .contains("write key ****" + SegmentStandIn.WRITE_KEY.substring(SegmentStandIn.WRITE_KEY.length() - 4));
            try (var entries = Files.list(dataDir.resolve("dead-letter"))) {
                for (Path entry : entries.toList()) {
                    assertThat(Files.readString(entry)).doesNotContain(SegmentStandIn.WRITE_KEY);
                }
            }
        }
    }

    private static HttpResponse<String> post(ForkedForwarder forwarder, String fixture) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + forwarder.httpPort() + "/sentry/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SentryFixtures.bytes(fixture))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
