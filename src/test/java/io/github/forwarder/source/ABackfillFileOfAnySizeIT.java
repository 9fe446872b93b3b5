package io.github.forwarder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill file is read as it is forwarded, never whole: the packaged forwarder, with a heap a fraction of the
 * file's size, forwards every event of it; a kill -9 or a stop halfway through resumes at the next start without
 * sending Segment again what it took, bar the batch whose answers were on their way at a kill.
 */
class ABackfillFileOfAnySizeIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path inbox;

    @TempDir
    Path staging;

    @Test
    void aFileFourTimesTheHeapIsForwardedWhole() throws Exception {
        int events = 40_000;
        Path file = stage("backfill.ndjson", events, 7_000);
        long megabytes = Files.size(file) / (1024 * 1024);
        assertThat(megabytes).as("file size, MB").isGreaterThan(4 * 64);
        try (SegmentStandIn segment = new SegmentStandIn();
             ForkedForwarder forwarder = ForkedForwarder.start(settings(segment, Map.of()), environment(),
                     List.of("-Xmx64m"))) {
            Files.move(file, inbox.resolve(file.getFileName()));

            await().atMost(Duration.ofMinutes(3)).until(() -> segment.deliveredMessageIds().size() >= events
                    && !Files.exists(inbox.resolve("backfill.ndjson")));
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates().hasSize(events)
                    .containsAll(expectedIds(events));
            assertThat(deadLetters()).isEmpty();
            assertThat(forwarder.console()).doesNotContain("OutOfMemoryError");
            System.out.printf("peak RSS %.0f MB forwarding a %d MB file with -Xmx64m%n", forwarder.peakRssMb(),
                    megabytes);
        }
    }

    @Test
    void killMinus9HalfwayThroughAFileResumesAtTheNextStart() throws Exception {
        stoppedHalfwayThenResumed(ForkedForwarder::kill);
    }

    /** A stop does not wait for the rest of the file: it is kept, the log says why once, and the next start resumes. */
    @Test
    void aStopHalfwayThroughAFileKeepsItAndSaysSo() throws Exception {
        String console = stoppedHalfwayThenResumed(ForkedForwarder::close);
        assertThat(console.lines().filter(line -> line.contains("WARN") && line.contains(
                "Kept backfill.ndjson at its source for a later try"))).hasSize(1);
    }

    private interface Stop {
        void stop(ForkedForwarder forwarder) throws Exception;
    }

    /** Returns the console of the forwarder that was stopped. */
    private String stoppedHalfwayThenResumed(Stop stop) throws Exception {
        int events = 20_000;
        Path file = stage("backfill.ndjson", events, 1_500);
        try (SegmentStandIn segment = new SegmentStandIn()) {
            // 10 requests/s of 100 events: the file takes about 20 s, long enough to be stopped halfway
            Map<String, String> settings = settings(segment, Map.of("forwarder.throttle.rate", "10",
                    "segment.batch.size", "100"));
            ForkedForwarder first = ForkedForwarder.start(settings, environment());
            Files.move(file, inbox.resolve(file.getFileName()));
            await().atMost(Duration.ofMinutes(1)).until(() -> segment.deliveredMessageIds().size() >= events / 2);
            long stopping = System.nanoTime();
            stop.stop(first);
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
            int beforeStop = segment.deliveredMessageIds().size();
            assertThat(beforeStop).as("delivered before the stop").isLessThan(events);
            assertThat(inbox.resolve("backfill.ndjson")).exists();
            // a stop waits for the batches already read (the read-ahead, at this rate some seconds of it), not for
            // the rest of the file: within camel.main.shutdownTimeout
            assertThat(stopTook).as("the stop").isLessThan(Duration.ofSeconds(30));

            try (ForkedForwarder second = ForkedForwarder.start(settings, environment())) {
                await().atMost(Duration.ofMinutes(2)).until(() -> Set.copyOf(segment.deliveredMessageIds()).size()
                        >= events && !Files.exists(inbox.resolve("backfill.ndjson")));
            }
            List<String> delivered = segment.deliveredMessageIds();
            assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(expectedIds(events));
            int repeats = delivered.size() - events;
            System.out.printf("stopped after %d of %d events delivered (in %d ms): Segment saw %d repeats%n",
                    beforeStop, events, stopTook.toMillis(), repeats);
            // Delivered calls are remembered as their answers come: only a request Segment took whose answer the
            // killed forwarder never read is sent again (its 100 events; the rate lets one leave every 0.1 s).
            assertThat(repeats).as("events Segment took twice").isLessThanOrEqualTo(2 * 100);
            assertThat(deadLetters()).isEmpty();
            return first.console();
        }
    }

    private Map<String, String> settings(SegmentStandIn segment, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("forwarder.dataDir", dataDir.toString(),
                "segment.baseUrl", segment.baseUrl(), "segment.batch.size", "500",
                "forwarder.source", "file:" + inbox + "?delete=true&delay=100&initialDelay=0"));
        settings.putAll(more);
        return settings;
    }

    private static Map<String, String> environment() {
        return Map.of("SEGMENT_WRITEKEY", SegmentStandIn.WRITE_KEY);
    }

    /** Forwardable events of about eventBytes each, in a staging folder (moved into the inbox whole). */
    private Path stage(String name, int events, int eventBytes) throws IOException {
        Path file = staging.resolve(name);
        String padding = "x".repeat(eventBytes);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < events; i++) {
                String event = new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8);
                // a stack trace's worth of context Segment does not get
                out.write(("{\"extra\":{\"context\":\"" + padding + "\"}," + event.substring(1) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    private static Set<String> expectedIds(int events) {
        return Stream.iterate(0, i -> i + 1).limit(events).map(i -> "sentry-" + SentryEvents.eventId(i))
                .collect(Collectors.toSet());
    }

    private List<Path> deadLetters() throws IOException {
        Path folder = dataDir.resolve("dead-letter");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
