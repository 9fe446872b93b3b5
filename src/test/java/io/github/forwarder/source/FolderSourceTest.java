package io.github.forwarder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * forwarder.source=file:...: a pretty-printed document per file or one event per line (NDJSON backfill); files
 * are moved away only once delivered or dead-lettered, and a file without an event is dead-lettered with the cause.
 */
class FolderSourceTest {

    @TempDir
    Path inbox;

    @Test
    void forwardsDocumentsAndNdjsonAndDeadLettersBadFiles() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.source", "file:" + inbox + "?move=.done&delay=100").start()) {
            Files.write(inbox.resolve("stored.json"), SentryFixtures.bytes("stored-event.json"));
            Files.write(inbox.resolve("backfill.ndjson"), SentryFixtures.bytes("ndjson-backfill.ndjson"));
            Files.writeString(inbox.resolve("garbage.json"), "this is not a Sentry event");

            long forwardable = Manifest.ndjson("ndjson-backfill.ndjson").stream().filter(Manifest.Case::forwarded).count();
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1 + forwardable);
            assertThat(segment.calls().stream().map(r -> r.json().get("messageId").asText()))
                    .containsAll(Stream.concat(Stream.of(Manifest.get("stored-event.json")),
                            Manifest.ndjson("ndjson-backfill.ndjson").stream().filter(Manifest.Case::forwarded))
                            .map(c -> "sentry-" + c.eventId()).toList());

            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
            JsonNode entry = DeadLetters.read(forwarder.filesIn("dead-letter").get(0));
            assertThat(entry.get("reason").asText()).startsWith("body is not JSON");
            assertThat(entry.get("input").asText()).isEqualTo("this is not a Sentry event");

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/garbage.json"))
                    && Files.exists(inbox.resolve(".done/stored.json"))
                    && Files.exists(inbox.resolve(".done/backfill.ndjson")));
        }
    }

    @Test
    void aFileOfSeveralPrettyPrintedEventsIsDeadLetteredWholeNotCutToItsFirst() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.source", "file:" + inbox + "?move=.done&delay=100").start()) {
            String two = """
                    {
                      "event_id": "7a2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b",
                      "user": {"id": "1"},
                      "exception": {"values": [{"type": "ValueError"}]}
                    }
                    {
                      "event_id": "8a2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b",
                      "user": {"id": "2"},
                      "exception": {"values": [{"type": "ValueError"}]}
                    }
                    """;
            Files.writeString(inbox.resolve("two.json"), two);

            await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
            JsonNode entry = DeadLetters.read(forwarder.filesIn("dead-letter").get(0));
            assertThat(entry.get("reason").asText()).startsWith("body holds more than one JSON value");
            assertThat(entry.get("input").asText()).isEqualTo(two);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/two.json")));
            assertThat(segment.calls()).isEmpty();
        }
    }

    @Test
    void theHttpIntakeHandsEventsToTheConfiguredFolder() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.source", "file:" + inbox + "?delete=true&delay=100").start()) {

            assertThat(forwarder.post(SentryFixtures.bytes("webhook-plugin.json")).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1);
            assertThat(segment.calls().get(0).json()).isEqualTo(Manifest.trackCall(Manifest.get("webhook-plugin.json")));
        }
    }
}
