package io.github.forwarder.dedupe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            String kept = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
            if (!kept.isEmpty()) {
                return kept;
            }
            // written whole under another name, then moved: a crash never leaves a half-written id
            String made = "forwarder-" + UUID.randomUUID();
            Path next = file.resolveSibling("owner-id.next");
            Files.writeString(next, made, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or make " + file, e);
        }
    }
}
