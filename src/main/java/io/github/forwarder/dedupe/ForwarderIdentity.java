package io.github.forwarder.dedupe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The id a forwarder's claims carry in Redis: made once per data folder (dedupe/owner-id) and kept, so a forwarder
 * restarted on its folder recognises the claims of the events its source still holds.
 */
public final class ForwarderIdentity {

    private ForwarderIdentity() {
    }

    public static String of(Path dataDir) {
        Path file = dataDir.resolve("dedupe/owner-id");
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.writeString(Files.createFile(file), "forwarder-" + UUID.randomUUID(), StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException kept) {
                // made by an earlier start
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or make " + file, e);
        }
    }
}
