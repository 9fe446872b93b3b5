package io.github.forwarder.bench.report;

import java.util.Arrays;
import java.util.List;

/** Percentiles of one run's samples, and the median of repeated runs. */
public final class Stats {

    private Stats() {
    }

    /** The q-quantile (0..1) of durations in nanoseconds, in milliseconds; nearest-rank; NaN when empty. */
    public static double percentileMs(long[] nanos, double q) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    public static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
