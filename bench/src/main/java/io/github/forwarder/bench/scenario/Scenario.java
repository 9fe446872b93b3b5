package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.report.Report;
import java.util.Locale;

/** One measured situation; it runs its repetitions side by side and reports medians. */
public interface Scenario {

    /** The name --only selects it by. */
    String name();

    void run(BenchEnvironment environment, BenchPlan plan, Report report);

    /** Progress on stderr: on the console, not in the report. */
    static void progress(String format, Object... values) {
        System.err.printf(Locale.ROOT, "  .. " + format + "%n", values);
    }
}
