package io.github.forwarder.bench.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes an input file once Segment has answered for every message read from it, the baseline's version of
 * "a file is moved only after its events were delivered". The answers come on analytics-java's callbacks.
 */
final class FileAcknowledgements {

    private final Map<String, Path> fileOfMessage = new ConcurrentHashMap<>();
    private final Map<Path, AtomicInteger> pendingOfFile = new ConcurrentHashMap<>();

    /** Called before the file's messages are enqueued; a file with none left is deleted at once. */
    void expect(Path file, Iterable<String> messageIds) {
        AtomicInteger pending = new AtomicInteger(1);
        pendingOfFile.put(file, pending);
        for (String messageId : messageIds) {
            pending.incrementAndGet();
            fileOfMessage.put(messageId, file);
        }
        answered(file);
    }

    void answered(String messageId) {
        Path file = fileOfMessage.remove(messageId);
        if (file != null) {
            answered(file);
        }
    }

    private void answered(Path file) {
        if (pendingOfFile.get(file).decrementAndGet() == 0) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // only now, so the folder poll never takes a finished file that is still there for a new one
            pendingOfFile.remove(file);
        }
    }

    boolean isPending(Path file) {
        return pendingOfFile.containsKey(file);
    }
}
