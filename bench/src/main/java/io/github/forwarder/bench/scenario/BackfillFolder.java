package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A backfill staged as an operator stages one: the events written as NDJSON files in a staging folder, then
 * renamed into the input folder one file after the other, so a folder consumer never reads half a file. Writing
 * comes first, so the hand-over takes milliseconds and never paces a fast consumer. An event is handed to the
 * input at the moment its file is renamed.
 */
final class BackfillFolder {

    private record StagedFile(Path path, int first, int end) {
    }

    private final List<StagedFile> files;
    private final int events;

    private BackfillFolder(List<StagedFile> files, int events) {
        this.files = files;
        this.events = events;
    }

    static BackfillFolder stage(Path staging, List<GeneratedEvent> events, int eventsPerFile) {
        List<StagedFile> files = new ArrayList<>();
        try {
            for (int first = 0; first < events.size(); first += eventsPerFile) {
                int end = Math.min(events.size(), first + eventsPerFile);
                Path file = staging.resolve(String.format("backfill-%06d.ndjson", first / eventsPerFile));
                try (OutputStream out = Files.newOutputStream(file)) {
                    for (GeneratedEvent event : events.subList(first, end)) {
                        out.write(event.json());
                        out.write('\n');
                    }
                }
                files.add(new StagedFile(file, first, end));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BackfillFolder(files, events.size());
    }

    /** Moves every file into the input folder; returns, for each event, when its file appeared (nanoTime). */
    long[] handTo(Path folder) {
        long[] handed = new long[events];
        try {
            for (StagedFile file : files) {
                Files.move(file.path(), folder.resolve(file.path().getFileName()), StandardCopyOption.ATOMIC_MOVE);
                Arrays.fill(handed, file.first(), file.end(), System.nanoTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return handed;
    }
}
