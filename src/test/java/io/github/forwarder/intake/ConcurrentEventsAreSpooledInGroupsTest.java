package io.github.forwarder.intake;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.SentryFixtures;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events accepted at the same moment are written together, and groups appended to one NDJSON spool file: fewer
 * files than events, one event per line. Each reaches Segment once, and a pretty-printed body (LF or CRLF line breaks, an
 * escaped line break inside a string) arrives as sent. With and without forwarder.spool.sync.
 */
class ConcurrentEventsAreSpooledInGroupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 200;
    private static final String ESCAPED_BREAK_ID = "e5ca9ed0b7ea4c1a9e0b1d3f5a7c9e1b";

    @ParameterizedTest(name = "forwarder.spool.sync={0}")
    @ValueSource(booleans = {false, true})
    void manyConcurrentPostsShareSpoolFilesAndEachReachesSegmentOnce(boolean sync) throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(-1)
                     .property("forwarder.spool.sync", sync).start()) {
            segment.failEverything(status(503)); // so the spool files stay until every answer is in
            List<byte[]> bodies = new ArrayList<>(IntStream.range(0, EVENTS).mapToObj(SentryEvents::forwardable).toList());
            bodies.add(SentryFixtures.bytes("stored-event.json"));
            bodies.add(new String(SentryFixtures.bytes("sdk-event-modern.json"), StandardCharsets.UTF_8)
                    .replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
            bodies.add(eventWithAnEscapedLineBreak());

            for (HttpResponse<String> answer : ConcurrentPosts.postAllAtOnce(forwarder, bodies)) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            }

            // the file groups are appended to appears under a name the route reads within milliseconds
            await().atMost(Duration.ofSeconds(10)).until(() -> linesIn(forwarder.filesIn("spool")).size() >= bodies.size());
            List<Path> spoolFiles = forwarder.filesIn("spool");
            assertThat(spoolFiles).hasSizeLessThan(bodies.size())
                    .allSatisfy(file -> assertThat(file.getFileName().toString()).startsWith("http-"));
            assertThat(linesIn(spoolFiles)).hasSize(bodies.size())
                    .allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());

            segment.recover();
            List<String> expected = new ArrayList<>(IntStream.range(0, EVENTS)
                    .mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList());
            expected.addAll(List.of("sentry-" + Manifest.get("stored-event.json").eventId(),
                    "sentry-" + Manifest.get("sdk-event-modern.json").eventId(), "sentry-" + ESCAPED_BREAK_ID));
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= expected.size());
            assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(expected);

            for (String fixture : List.of("stored-event.json", "sdk-event-modern.json")) {
                Manifest.Case sent = Manifest.get(fixture);
                assertThat(delivered(segment, sent.eventId())).isEqualTo(Manifest.trackCall(sent));
            }
            assertThat(delivered(segment, ESCAPED_BREAK_ID).at("/properties/transaction").asText())
                    .isEqualTo("GET /first\nsecond");
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
        }
    }

    private static List<String> linesIn(List<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(Files.readString(file).lines().toList());
        }
        return lines;
    }

    /** A transaction name holding a line break, escaped as JSON requires, in a pretty-printed body. */
    private static byte[] eventWithAnEscapedLineBreak() {
        return ("{\n  \"event_id\": \"" + ESCAPED_BREAK_ID + "\",\n  \"timestamp\": 1795169730.25,\n"
                + "  \"transaction\": \"GET /first\\nsecond\",\n  \"user\": {\"id\": \"7\"},\n"
                + "  \"exception\": {\"values\": [{\"type\": \"ValueError\", \"value\": \"bad\"}]}\n}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The message Segment took for this event. */
    private static com.fasterxml.jackson.databind.JsonNode delivered(SegmentStandIn segment, String eventId) {
        return segment.calls().stream().filter(r -> r.status() / 100 == 2).map(SegmentStandIn.Received::json)
                .filter(m -> m.path("messageId").asText().equals("sentry-" + eventId)).findFirst().orElseThrow();
    }
}
