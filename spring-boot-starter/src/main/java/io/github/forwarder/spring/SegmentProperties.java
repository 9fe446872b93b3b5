package io.github.forwarder.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where events go: segment.* (the forwarder's application.properties documents each with its default). Bound so
 * that Spring checks their types at start and an IDE completes them; the forwarder reads them through Camel.
 *
 * @param writeKey write key of the Segment source; unset means dry-run (messages written to
 *        forwarder.data-dir/dry-run/). SECRET: set SEGMENT_WRITEKEY in the environment
 * @param baseUrl Segment HTTP Tracking API base URL (default https://api.segment.io; EU workspaces:
 *        https://events.eu1.segmentapis.com)
 * @param debug log every message sent to Segment at INFO (default false)
 * @param connectTimeoutMs milliseconds to wait for a connection to Segment (default 5000)
 * @param responseTimeoutMs milliseconds to wait for Segment's answer (default 10000)
 * @param batch batch mode
 */
@ConfigurationProperties("segment")
public record SegmentProperties(String writeKey, String baseUrl, Boolean debug, Long connectTimeoutMs,
        Long responseTimeoutMs, Batch batch) {

    /**
     * Batch mode.
     *
     * @param size messages per Segment request; above 1 they are posted together to /v1/batch, and a lone
     *     event still leaves at once when no request to its destination is unanswered; 1 = one request per
     *     message (default 500)
     * @param timeoutMs longest wait in ms before a batch that is not full is sent (default 1000)
     */
    public record Batch(Integer size, Long timeoutMs) {
    }
}
