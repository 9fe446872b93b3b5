package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput as the dedupe store fills. The other scenarios start each forwarder with an empty store; in
 * production it holds up to forwarder.dedupe.size (200,000) ids after about 17 minutes at 200 events/s. The
 * profile of the backfill shows why that matters: Camel's FileIdempotentRepository reads its whole file on
 * every id it has not cached, under one lock, and a new event's id never is cached.
 */
public final class DedupeStoreScenario implements Scenario {

    @Override
    public String name() {
        return "dedupe";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        List<GeneratedEvent> events = EndToEndEvents.of(plan, false).atContractRate()
                .subList(0, plan.quick() ? 100 : 250);
        Map<String, List<EndToEndResult>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (int ids : plan.rememberedIds()) {
                ForwarderSettings settings = ForwarderSettings.of(1, plan.contractRate()).remembering(ids);
                EndToEndResult result = EndToEndRuns.forwarderBackfill(environment, settings, events);
                runs.computeIfAbsent(String.format(Locale.ROOT, "store holding %,d ids at start", ids),
                        k -> new ArrayList<>()).add(result);
                Scenario.progress("dedupe rep %d, %d ids: %.1f events/s", rep, ids, result.eventsPerSecond());
            }
        }
        report.table(EndToEndTable.of("Folder backfill as the dedupe store fills (forwarder batch size 1, rate "
                + plan.contractRate() + "/s, " + events.size() + " events): medians", runs, Map.of())
                .note("The store is filled before start with ids the run never sends (200,000 is the default "
                        + "forwarder.dedupe.size, reached after ~17 minutes at 200 events/s)."));
    }
}
