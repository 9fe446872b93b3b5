package io.github.forwarder.segment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Segment source write key: a secret that only ever leaves as an Authorization header. */
public final class SegmentWriteKey {

    private final String key;

    public SegmentWriteKey(String key) {
        this.key = key == null ? "" : key.trim();
    }

    /** Without a write key the forwarder writes what it would send to the dry-run folder instead. */
    public boolean isDryRun() {
        return key.isEmpty();
    }

    /** HTTP Basic: the write key as user name and an empty password. */
    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Safe to log: at most the last four characters of a long key. */
    public String masked() {
        if (key.isEmpty()) {
            return "(none)";
        }
        return key.length() >= 16 ? "****" + key.substring(key.length() - 4) : "****";
    }

    @Override
    public String toString() {
        return masked();
    }
}
