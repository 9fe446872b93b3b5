package io.github.forwarder.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running forwarder that delivers to its own Segment stand-in, shared by the tests of a class: started before
 * the first, stopped after the last. Use as {@code @RegisterExtension static ForwarderWithSegment running = ...}.
 */
public final class ForwarderWithSegment implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private SegmentStandIn segment;
    private RunningForwarder forwarder;

    /** A setting for the forwarder, besides the stand-in's URL and write key. */
    public ForwarderWithSegment property(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    public RunningForwarder forwarder() {
        return forwarder;
    }

    public SegmentStandIn segment() {
        return segment;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        segment = new SegmentStandIn();
        RunningForwarder.Builder builder = RunningForwarder.with().segment(segment);
        properties.forEach(builder::property);
        forwarder = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        forwarder.close();
        segment.close();
    }
}
