package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A file or message holds one JSON document, or one event per line (NDJSON, for backfills). */
public final class SentryDocuments {

    private final ObjectMapper mapper;

    public SentryDocuments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<String> split(byte[] bytes) {
        String content = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = content.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() > 1 && isCompleteJson(lines.get(0))) {
            return lines;
        }
        return List.of(content);
    }

    private boolean isCompleteJson(String line) {
        try {
            mapper.readTree(line);
            return true;
        } catch (JacksonException incomplete) {
            return false;
        }
    }
}
