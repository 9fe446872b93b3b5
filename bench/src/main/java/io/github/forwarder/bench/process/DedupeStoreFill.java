package io.github.forwarder.bench.process;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a forwarder's data folder in the state a long run leaves it in: its dedupe store
 * (<dataDir>/dedupe/event-ids.dat, one delivered event id a line) already holding this many ids. None of them
 * is an id the generator makes, so every event of the run is new to the store.
 */
final class DedupeStoreFill {

    static final String STORE = "dedupe/event-ids.dat";

    private DedupeStoreFill() {
    }

    static void write(Path dataDir, int ids) {
        Path store = dataDir.resolve(STORE);
        try {
            Files.createDirectories(store.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(store)) {
                for (int i = 0; i < ids; i++) {
                    out.write(String.format("dd%030x", i));
                    out.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
