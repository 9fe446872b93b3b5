package io.github.forwarder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads a dead-letter entry as an operator would. */
public final class DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetters() {
    }

    public static JsonNode read(Path entry) {
        try {
            return JSON.readTree(entry.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
