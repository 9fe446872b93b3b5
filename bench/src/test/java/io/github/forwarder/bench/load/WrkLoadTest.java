package io.github.forwarder.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wrk script gets every body split around its event id, and wrk's numbers are read in the right units. */
class WrkLoadTest {

    @Test
    void eachBodyIsSplitAroundItsEventIdSoTheScriptCanWriteAFreshOne(@TempDir Path folder) throws Exception {
        List<GeneratedEvent> events = IntStream.range(0, 20).mapToObj(new SentryEventGenerator(7)::event).toList();
        WrkLoad.prepare(folder, events, 2, 32);
        List<String> lines = Files.readAllLines(folder.resolve("wrk-bodies.txt"));
        assertEquals(events.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t", -1);
            assertEquals(2, parts.length, "one tab a line");
            assertTrue(parts[0].endsWith("\"event_id\":\""), parts[0]);
            assertEquals(new String(events.get(i).json(), StandardCharsets.UTF_8),
                    parts[0] + events.get(i).eventId() + parts[1]);
        }
        assertTrue(Files.readString(folder.resolve("post-sentry-events.lua")).contains("BENCH-RESULT"));
    }

    @Test
    void theScriptsSummaryIsReadInMillisecondsAndSeconds() {
        WrkResult result = WrkResult.parse("12000 10000000 2000 3 1500 48000");
        assertEquals(1_000.0, result.answeredPerSecond(), 1e-9);
        assertEquals(1.5, result.p50Ms(), 1e-9);
        assertEquals(48.0, result.p99Ms(), 1e-9);
        assertEquals(3, result.socketErrors());
    }

    @Test
    void wrksCpuIsItsShellsChildrenCpu() {
        // a shell's /proc stat after wrk ended: cutime 250 and cstime 50 ticks (fields 16 and 17)
        String stat = "4242 (bash) S 1 4242 4242 0 -1 4194304 100 0 0 0 1 2 250 50 20 0 1 0 1 1 1";
        assertEquals(3.0, io.github.forwarder.bench.process.ProcessCpu.childrenSecondsOf(stat), 1e-9);
    }
}
