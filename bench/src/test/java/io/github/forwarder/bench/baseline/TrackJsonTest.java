package io.github.forwarder.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.bench.segment.TrackBodies;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bare loop does the forwarder's per-event work: the same filter, a Track call of the same shape. */
class TrackJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final SentryEventGenerator generator = new SentryEventGenerator(11);

    @Test
    void aForwardableEventBecomesATrackCallShapedLikeTheForwarders() throws Exception {
        GeneratedEvent event = generator.forwardableEvent(3);
        JsonNode track = TrackJson.of(mapper, mapper.readTree(event.json()));
        assertEquals(fieldPaths(mapper.readTree(TrackBodies.single(3)), ""), fieldPaths(track, ""));
        assertEquals(event.messageId(), track.path("messageId").asText());
        assertEquals("Error Captured", track.path("event").asText());
    }

    @Test
    void eventsSentryWouldNotForwardAreFiltered() throws Exception {
        for (long n = 0; n < 20; n++) {
            GeneratedEvent event = generator.event(n);
            JsonNode track = TrackJson.of(mapper, mapper.readTree(event.json()));
            assertEquals(event.forwardable(), track != null, "event " + n);
        }
        assertNull(TrackJson.of(mapper, mapper.readTree("{\"event_id\":\"x\",\"type\":\"transaction\"}")));
    }

    private static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            paths.add(prefix + name);
            paths.addAll(fieldPaths(node.get(name), prefix + name + "."));
        }
        return paths;
    }
}
