package io.github.forwarder.segment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.ExchangeProperty;

/**
 * The Segment source write key: a secret that only ever leaves as an Authorization header. A call may carry its
 * own key (the segment-sink's writeKey) in the {@link #OVERRIDE} exchange property; otherwise segment.writeKey.
 */
public final class SegmentWriteKey {

    public static final String OVERRIDE = "segmentWriteKeyOverride";

    private final String key;

    public SegmentWriteKey(String key) {
        this.key = key == null ? "" : key.trim();
    }

    public boolean isConfigured() {
        return !key.isEmpty();
    }

    /** Without a write key the message is written to the dry-run folder instead of sent. */
    public boolean isDryRun(@ExchangeProperty(OVERRIDE) String override) {
        return keyFor(override).isEmpty();
    }

    /** HTTP Basic: the write key as user name and an empty password. */
    public String authorization(@ExchangeProperty(OVERRIDE) String override) {
        return "Basic " + Base64.getEncoder().encodeToString((keyFor(override) + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Safe to log: at most the last four characters of a long key. */
    public String masked() {
        if (key.isEmpty()) {
            return "(none)";
        }
        return key.length() >= 16 ? "****" + key.substring(key.length() - 4) : "****";
    }

    private String keyFor(String override) {
        return override == null || override.isBlank() ? key : override.trim();
    }

    @Override
    public String toString() {
        return masked();
    }
}
