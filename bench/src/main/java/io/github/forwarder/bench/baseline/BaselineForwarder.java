package io.github.forwarder.bench.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a Java team would otherwise write with Segment's own library, analytics-java 3.5.4, tuned as
 * BaselineSettings says (unbounded in-memory queue, batches posted to {endpoint}/v1/import/): poll a folder of
 * NDJSON files, Jackson-parse each line, filter, enqueue a TrackMessage, flush when the folder is drained, and
 * delete a file once every message's callback came. Unlike the forwarder it keeps nothing on disk: what is
 * enqueued and not yet sent is lost on a crash.
 *
 * Usage: BaselineForwarder <input folder> <Segment base URL> <flushQueueSize> <flushIntervalMillis>
 * <networkThreads>; the write key comes from SEGMENT_WRITEKEY.
 */
public final class BaselineForwarder {

    public static final String READY_LINE = "baseline ready";
    private static final long POLL_MILLIS = 100;

    private BaselineForwarder() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        FileAcknowledgements acknowledgements = new FileAcknowledgements();
        BaselineSettings settings = BaselineSettings.parse(args, 2);
        Analytics analytics = Analytics.builder(System.getenv("SEGMENT_WRITEKEY")).endpoint(args[1])
                .flushQueueSize(settings.flushQueueSize())
                .flushInterval(settings.flushIntervalMillis(), TimeUnit.MILLISECONDS)
                .networkExecutor(Executors.newFixedThreadPool(settings.networkThreads()))
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        acknowledgements.answered(message.messageId());
                    }

                    @Override
                    public void failure(Message message, Throwable reason) {
                        System.err.println("baseline: message " + message.messageId() + " failed: " + reason);
                    }
                })
                .build();
        System.out.println(READY_LINE);
        while (true) {
            List<Path> waiting = waitingFiles(input, acknowledgements);
            for (Path file : waiting) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file);
                } catch (NoSuchFileException finishedMeanwhile) {
                    continue;
                }
                List<SentryToTrack.Track> tracks = new ArrayList<>();
                for (String line : lines) {
                    SentryToTrack.Track track = line.isBlank() ? null : SentryToTrack.track(mapper.readTree(line));
                    if (track != null) {
                        tracks.add(track);
                    }
                }
                acknowledgements.expect(file, tracks.stream().map(SentryToTrack.Track::messageId).toList());
                tracks.forEach(track -> analytics.enqueue(track.message()));
            }
            if (waiting.isEmpty()) {
                analytics.flush();
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** Complete files (written under a hidden name, then renamed) not yet read, oldest name first. */
    private static List<Path> waitingFiles(Path input, FileAcknowledgements acknowledgements) throws IOException {
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !acknowledgements.isPending(f)).sorted().toList();
        }
    }
}
