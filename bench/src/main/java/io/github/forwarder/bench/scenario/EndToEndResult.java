package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.process.ProcessUnderTest;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.segment.SegmentArrivals;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.util.Arrays;
import java.util.List;

/**
 * One end-to-end run, measured at the stand-in: events/s from the first event handed to the input to the last
 * forwardable event received, each event's latency from its hand-over to the arrival of its messageId, and the
 * process's CPU time over the run per input event (filtered ones included). At a stand-in that only counts, the
 * last request stands for the last event, there are no latencies, and standInCpuShare is the stand-in's CPU time
 * over the run as a share of all the machine's cores (NaN at the parsing stand-in, which runs in the harness).
 */
public record EndToEndResult(int expected, int delivered, int requests, double eventsPerSecond, double p50Ms,
        double p99Ms, double startUpMs, double peakRssMb, double cpuMicrosPerEvent, double standInCpuShare) {

    /**
     * handedNanos[i] is when events.get(i) was handed to the input; only forwardable events are expected.
     * cpuSecondsBefore is the process's CPU time read just before the first hand-over.
     */
    public static EndToEndResult measure(List<GeneratedEvent> events, long[] handedNanos, ReceivedMessages received,
            ProcessUnderTest process, double cpuSecondsBefore) {
        double cpuMicrosPerEvent = (process.cpuSeconds() - cpuSecondsBefore) * 1e6 / events.size();
        long firstHanded = Arrays.stream(handedNanos).min().orElse(0);
        long lastArrival = firstHanded;
        long[] latencies = new long[events.size()];
        int expected = 0;
        int delivered = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).forwardable()) {
                continue;
            }
            expected++;
            Long arrival = received.arrivalOf(events.get(i).messageId());
            if (arrival != null) {
                latencies[delivered++] = arrival - handedNanos[i];
                lastArrival = Math.max(lastArrival, arrival);
            }
        }
        long[] measured = Arrays.copyOf(latencies, delivered);
        double seconds = (lastArrival - firstHanded) / 1e9;
        return new EndToEndResult(expected, delivered, received.requests(), seconds > 0 ? delivered / seconds : 0,
                Stats.percentileMs(measured, 0.50), Stats.percentileMs(measured, 0.99),
                process.startUp().toMillis(), process.peakRssMb(), cpuMicrosPerEvent, Double.NaN);
    }

    /** The same at a stand-in that only counts messages (the events expected are the forwardable ones). */
    public static EndToEndResult counted(List<GeneratedEvent> events, long[] handedNanos, SegmentArrivals counted,
            ProcessUnderTest process, double cpuSecondsBefore, double standInCpuShare) {
        double cpuMicrosPerEvent = (process.cpuSeconds() - cpuSecondsBefore) * 1e6 / events.size();
        int expected = (int) events.stream().filter(GeneratedEvent::forwardable).count();
        int delivered = Math.min(counted.distinctMessages(), expected);
        long[] arrivals = counted.requestArrivals();
        long firstHanded = Arrays.stream(handedNanos).min().orElse(0);
        double seconds = arrivals.length == 0 ? 0 : (arrivals[arrivals.length - 1] - firstHanded) / 1e9;
        return new EndToEndResult(expected, delivered, arrivals.length, seconds > 0 ? delivered / seconds : 0,
                Double.NaN, Double.NaN, process.startUp().toMillis(), process.peakRssMb(), cpuMicrosPerEvent,
                standInCpuShare);
    }

    public boolean complete() {
        return delivered == expected;
    }
}
