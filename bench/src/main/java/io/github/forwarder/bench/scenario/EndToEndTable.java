package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Medians of each configuration's repetitions, with its ratio to each reference (e.g. the baseline) given. */
final class EndToEndTable {

    private EndToEndTable() {
    }

    /**
     * references: column heading (e.g. "× baseline") → the reference's median events/s. Runs at the counting
     * stand-in add its CPU share (the highest of the repetitions).
     */
    static Table of(String title, Map<String, List<EndToEndResult>> runs, Map<String, Double> references) {
        boolean counted = runs.values().stream().flatMap(List::stream)
                .anyMatch(result -> !Double.isNaN(result.standInCpuShare()));
        List<String> header = new ArrayList<>(List.of("configuration", "runs", "delivered / expected",
                "events/s", "p50 latency ms", "p99 latency ms", "CPU µs / event", "time to ready ms", "peak RSS MB",
                "Segment requests"));
        if (counted) {
            header.add("stand-in CPU, % of the cores (max)");
        }
        header.addAll(references.keySet());
        Table table = new Table(title, header.toArray(String[]::new));
        runs.forEach((label, results) -> {
            double eventsPerSecond = median(results, EndToEndResult::eventsPerSecond);
            EndToEndResult first = results.get(0);
            long complete = results.stream().filter(EndToEndResult::complete).count();
            List<Object> row = new ArrayList<>(List.of(label, results.size(),
                    first.delivered() + " / " + first.expected() + (complete < results.size()
                            ? " (" + (results.size() - complete) + " run(s) incomplete)" : ""),
                    eventsPerSecond, median(results, EndToEndResult::p50Ms), median(results, EndToEndResult::p99Ms),
                    median(results, EndToEndResult::cpuMicrosPerEvent), median(results, EndToEndResult::startUpMs),
                    median(results, EndToEndResult::peakRssMb), (int) median(results, r -> r.requests())));
            if (counted) {
                row.add(100 * results.stream().mapToDouble(EndToEndResult::standInCpuShare).max().orElse(Double.NaN));
            }
            references.values().forEach(reference -> row.add(ratio(eventsPerSecond, reference)));
            table.row(row.toArray());
        });
        return table;
    }

    static double median(List<EndToEndResult> results, ToDoubleFunction<EndToEndResult> value) {
        return Stats.median(results.stream().map(value::applyAsDouble).toList());
    }

    static String ratio(double value, double reference) {
        return Table.ratio(value / reference);
    }
}
