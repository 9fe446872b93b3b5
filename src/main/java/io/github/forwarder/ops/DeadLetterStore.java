package io.github.forwarder.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The dead-letter folder as operations see it: how many entries it holds and when it last grew. */
public final class DeadLetterStore {

    private final Path folder;
    private final Supplier<Instant> clock;
    private final AtomicReference<Instant> lastWritten = new AtomicReference<>();

    public DeadLetterStore(Path folder, Supplier<Instant> clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** Entries in the store; files still being written (hidden temporary names) are not counted. */
    public long count() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void written() {
        lastWritten.set(clock.get());
    }

    /** Null when no dead letter was written since start. */
    public Instant lastWritten() {
        return lastWritten.get();
    }
}
