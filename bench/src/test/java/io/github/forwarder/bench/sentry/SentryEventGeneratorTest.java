package io.github.forwarder.bench.sentry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The generated events are what BENCHMARKS.md says: ~5 KB, 80% forwardable, distinct ids, the same every run. */
class SentryEventGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eightInTenAreForwardableErrorsOfAboutFiveKilobytes() throws Exception {
        SentryEventGenerator generator = new SentryEventGenerator(7);
        Set<String> ids = new HashSet<>();
        int forwardable = 0;
        for (int n = 0; n < 1_000; n++) {
            GeneratedEvent event = generator.event(n);
            JsonNode json = JSON.readTree(event.json());
            ids.add(json.get("event_id").asText());
            assertEquals(event.eventId(), json.get("event_id").asText());
            assertTrue(event.json().length > 4_500 && event.json().length < 6_000, "size " + event.json().length);
            boolean error = !json.has("type") && json.path("exception").path("values").size() > 0;
            assertEquals(event.forwardable(), error && json.path("user").hasNonNull("id"));
            forwardable += event.forwardable() ? 1 : 0;
        }
        assertEquals(800, forwardable);
        assertEquals(1_000, ids.size());
    }

    @Test
    void theSameSeedMakesTheSameEvents() {
        SentryEventGenerator generator = new SentryEventGenerator(7);
        assertArrayEquals(generator.event(42).json(), new SentryEventGenerator(7).event(42).json());
        assertTrue(IntStream.range(0, 100).allMatch(n -> generator.forwardableEvent(n).forwardable()));
    }
}
