package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.process.ForwarderSettings;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import io.github.forwarder.bench.sentry.SentryEventGenerator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The events an end-to-end run is fed: a set sized for about 10 s at the contract's rate of one request per event,
 * and a larger one for runs that the rate does not pace (raised, or batches at the contract's rate), so that they
 * reach steady state. The same seed, so the same events, every run.
 */
record EndToEndEvents(List<GeneratedEvent> atContractRate, List<GeneratedEvent> raised, int contractRate) {

    static EndToEndEvents of(BenchPlan plan, boolean http) {
        SentryEventGenerator generator = new SentryEventGenerator(plan.seed());
        return new EndToEndEvents(events(generator, plan.endToEndEvents(plan.contractRate(), http)),
                events(generator, plan.endToEndEvents(plan.raisedRate(), http)), plan.contractRate());
    }

    List<GeneratedEvent> forSettings(ForwarderSettings settings) {
        return settings.throttleRate() <= contractRate && settings.batchSize() == 1 ? atContractRate : raised;
    }

    private static List<GeneratedEvent> events(SentryEventGenerator generator, int count) {
        return IntStream.range(0, count).mapToObj(generator::event).toList();
    }
}
