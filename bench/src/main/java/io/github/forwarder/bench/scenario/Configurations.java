package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forwarder configurations every end-to-end scenario compares: each batch size at the contract's rate
 * (200 requests/s, Sentry's own limit) and with the rate raised out of the way, to show what else bounds it.
 */
final class Configurations {

    private Configurations() {
    }

    static List<ForwarderSettings> endToEnd(BenchPlan plan) {
        List<ForwarderSettings> all = new ArrayList<>();
        for (int rate : List.of(plan.contractRate(), plan.raisedRate())) {
            for (int batchSize : plan.batchSizes()) {
                all.add(ForwarderSettings.of(batchSize, rate));
            }
        }
        return all;
    }

    static String label(BenchPlan plan, ForwarderSettings settings) {
        String rate = settings.throttleRate() <= plan.contractRate()
                ? "rate " + settings.throttleRate() + "/s (default)"
                : "RATE RAISED to " + String.format(Locale.ROOT, "%,d", settings.throttleRate()) + "/s";
        return "forwarder, batch size " + settings.batchSize() + ", " + rate;
    }
}
