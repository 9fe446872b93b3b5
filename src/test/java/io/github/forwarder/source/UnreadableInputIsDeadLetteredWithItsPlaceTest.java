package io.github.forwarder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backfill file holds that cannot be read never stalls it: a line over the size limit, a line that is not
 * UTF-8 and a file that is not NDJSON and too large for one document are each dead-lettered with a reason that
 * names the file (and the line), the other events go on, and the files are moved as done.
 */
class UnreadableInputIsDeadLetteredWithItsPlaceTest {

    private static final int LIMIT = 4096;

    @TempDir
    Path inbox;

    @Test
    void eachUnreadablePartIsOneDeadLetterAndTheRestIsForwarded() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.intake.maxBodyBytes", LIMIT)
                     .property("forwarder.source", "file:" + inbox + "?move=.done&delay=100").start()) {
            String tooLong = event(1).replace("bad input 1", "x".repeat(3 * LIMIT));
            write("long-line.ndjson", (event(0) + "\n" + tooLong + "\n" + event(2) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
            latin1.writeBytes((event(3) + "\n").getBytes(StandardCharsets.UTF_8));
            latin1.writeBytes((event(4).replace("bad input", "entrée invalide") + "\n").getBytes(StandardCharsets.ISO_8859_1));
            latin1.writeBytes((event(5) + "\n").getBytes(StandardCharsets.UTF_8));
            write("latin1.ndjson", latin1.toByteArray());
            String pretty = "{\n  \"event_id\": \"" + SentryEvents.eventId(6) + "\",\n  \"user\": {\"id\": \"u6\"},\n"
                    + "  \"extra\": {\"context\": \"" + "y".repeat(2 * LIMIT) + "\"}\n}\n";
            write("big-document.json", pretty.getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.filesIn("dead-letter").size() == 3
                    && segment.deliveredMessageIds().size() == 4);
            assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(
                    IntStream.of(0, 2, 3, 5).mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList());

            List<JsonNode> entries = forwarder.filesIn("dead-letter").stream().map(DeadLetters::read).toList();
            assertThat(entries).extracting(entry -> entry.get("reason").asText()).contains(
                    "line 2 of long-line.ndjson is " + tooLong.length() + " bytes, over the limit of " + LIMIT
                            + " (forwarder.intake.maxBodyBytes); its first 1024 bytes are the input here",
                    "big-document.json is not NDJSON (its first line is not a JSON document) and is larger than "
                            + "the limit of " + LIMIT + " bytes for one document (forwarder.intake.maxBodyBytes)")
                    .anySatisfy(reason -> assertThat(reason).startsWith("body is not JSON: Invalid UTF-8")
                            .endsWith("(line 2 of latin1.ndjson)"));
            assertThat(entries).extracting(entry -> entry.path("input").asText(null))
                    .contains(tooLong.substring(0, 1024));

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/long-line.ndjson"))
                    && Files.exists(inbox.resolve(".done/latin1.ndjson"))
                    && Files.exists(inbox.resolve(".done/big-document.json")));
        }
    }

    private static String event(int n) {
        return new String(SentryEvents.forwardable(n), StandardCharsets.UTF_8);
    }

    /** Written elsewhere and moved in, as an operator drops a file. */
    private void write(String name, byte[] content) throws Exception {
        Path staged = Files.createTempFile("staged-", ".tmp");
        Files.write(staged, content);
        Files.move(staged, inbox.resolve(name));
    }
}
