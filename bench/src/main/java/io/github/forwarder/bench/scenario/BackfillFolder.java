package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Drops events into a folder as NDJSON files, the way an operator stages a backfill: each file is written under
 * a hidden name and renamed when complete, so a folder consumer never reads half a file. An event is handed to
 * the input at the moment its file is renamed.
 */
final class BackfillFolder {

    private BackfillFolder() {
    }

    /** Returns, for each event, when its file appeared (System.nanoTime). */
    static long[] write(Path folder, List<GeneratedEvent> events, int eventsPerFile) {
        long[] handed = new long[events.size()];
        try {
            for (int first = 0; first < events.size(); first += eventsPerFile) {
                int end = Math.min(events.size(), first + eventsPerFile);
                String name = String.format("backfill-%06d.ndjson", first / eventsPerFile);
                Path writing = folder.resolve(".writing-" + name);
                try (OutputStream out = Files.newOutputStream(writing)) {
                    for (GeneratedEvent event : events.subList(first, end)) {
                        out.write(event.json());
                        out.write('\n');
                    }
                }
                Files.move(writing, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                long appeared = System.nanoTime();
                Arrays.fill(handed, first, end, appeared);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return handed;
    }
}
