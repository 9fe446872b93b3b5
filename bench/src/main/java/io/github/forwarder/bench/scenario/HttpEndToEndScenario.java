package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input to Segment through the HTTP intake, as Sentry's webhooks arrive: concurrent clients post the events as
 * fast as the intake answers; each accepted event is spooled, then forwarded. A burst, so latency includes the
 * wait in the spool whenever the burst outruns delivery.
 */
public final class HttpEndToEndScenario implements Scenario {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        EndToEndEvents events = EndToEndEvents.of(plan, true);
        Map<String, List<EndToEndResult>> runs = new LinkedHashMap<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            for (ForwarderSettings settings : Configurations.endToEnd(plan)) {
                EndToEndResult result = EndToEndRuns.forwarderHttp(environment, settings, events.forSettings(settings));
                runs.computeIfAbsent(Configurations.label(plan, settings), k -> new ArrayList<>()).add(result);
                Scenario.progress("http rep %d %s: %.0f events/s", rep, settings.label(), result.eventsPerSecond());
            }
        }
        report.table(EndToEndTable.of("End to end, HTTP intake (" + EndToEndRuns.HTTP_CLIENTS
                        + " concurrent clients posting a burst, 80% forwardable, durable spool): medians", runs,
                        Map.of())
                .note("events/s: forwardable events received by the stand-in / (last received − first POST sent). "
                        + "Latency: POST sent → its message received by the stand-in."));
    }
}
