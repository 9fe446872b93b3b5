package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak RSS at the highest rate the forwarder reaches, with the README's JVM options (heap capped at 256 MB) and
 * with a 1 GB heap, which the JVM grows long before it must collect: what the forwarder needs, as opposed to what
 * a roomier JVM takes.
 */
public final class MemoryScenario implements Scenario {

    /** A larger heap, after (and so instead of) the README's -Xmx: what the forwarder takes when allowed. */
    static final String HEAP_CAP = "-Xmx1g";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        List<GeneratedEvent> events = EndToEndEvents.of(plan, true).raised();
        ForwarderSettings uncapped = ForwarderSettings.of(1, plan.raisedRate());
        Map<String, List<EndToEndResult>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (ForwarderSettings settings : List.of(uncapped, uncapped.withJvmOptions(HEAP_CAP))) {
                EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, settings, events);
                String heap = settings.jvmOptions().isEmpty() ? "README's " + ForwarderProcess.readmeHeap()
                        : String.join(" ", settings.jvmOptions());
                runs.computeIfAbsent("forwarder, " + heap + ", " + Configurations.label(plan, settings)
                        .replace("forwarder, ", ""), k -> new ArrayList<>()).add(result);
                Scenario.progress("memory rep %d %s: %.0f events/s, peak RSS %.0f MB", rep, heap,
                        result.eventsPerSecond(), result.peakRssMb());
            }
        }
        report.table(EndToEndTable.of("Peak RSS, folder backfill of " + events.size() + " events, README's "
                + ForwarderProcess.readmeHeap() + " vs " + HEAP_CAP + " (medians)", runs, Map.of()));
    }
}
