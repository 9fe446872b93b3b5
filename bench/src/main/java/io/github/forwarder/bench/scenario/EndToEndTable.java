package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Medians of each configuration's repetitions, with its ratio to the baseline when there is one. */
final class EndToEndTable {

    private EndToEndTable() {
    }

    static Table of(String title, Map<String, List<EndToEndResult>> runs, Double baselineEventsPerSecond) {
        List<String> header = new ArrayList<>(List.of("configuration", "runs", "delivered / expected",
                "events/s", "p50 latency ms", "p99 latency ms", "start-up ms", "peak RSS MB", "Segment requests"));
        if (baselineEventsPerSecond != null) {
            header.add("× baseline");
        }
        Table table = new Table(title, header.toArray(String[]::new));
        runs.forEach((label, results) -> {
            double eventsPerSecond = median(results, EndToEndResult::eventsPerSecond);
            EndToEndResult first = results.get(0);
            long complete = results.stream().filter(EndToEndResult::complete).count();
            List<Object> row = new ArrayList<>(List.of(label, results.size(),
                    first.delivered() + " / " + first.expected() + (complete < results.size()
                            ? " (" + (results.size() - complete) + " run(s) incomplete)" : ""),
                    eventsPerSecond, median(results, EndToEndResult::p50Ms), median(results, EndToEndResult::p99Ms),
                    median(results, EndToEndResult::startUpMs), median(results, EndToEndResult::peakRssMb),
                    (int) median(results, r -> r.requests())));
            if (baselineEventsPerSecond != null) {
                row.add(ratio(eventsPerSecond, baselineEventsPerSecond));
            }
            table.row(row.toArray());
        });
        return table;
    }

    static double median(List<EndToEndResult> results, ToDoubleFunction<EndToEndResult> value) {
        return Stats.median(results.stream().map(value::applyAsDouble).toList());
    }

    private static String ratio(double value, double baseline) {
        return String.format(Locale.ROOT, "%.2f×", value / baseline);
    }
}
