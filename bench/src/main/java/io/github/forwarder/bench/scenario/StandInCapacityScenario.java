package io.github.forwarder.bench.scenario;

import io.github.forwarder.bench.BenchEnvironment;
import io.github.forwarder.bench.BenchPlan;
import io.github.forwarder.bench.load.HttpPoster;
import io.github.forwarder.bench.load.PostResults;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Stats;
import io.github.forwarder.bench.report.Table;
import io.github.forwarder.bench.segment.ReceivedMessages;
import io.github.forwarder.bench.segment.TrackBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * The stand-in's own capacity, loaded directly with Track calls and with batches: it must take far more than
 * any forwarder configuration sends, or the end-to-end numbers would measure the stand-in.
 */
public final class StandInCapacityScenario implements Scenario {

    private static final int TRACK_CLIENTS = 32;
    private static final int BATCH_CLIENTS = 4;
    private static final int BATCH_SIZE = 500;
    private static final int DISTINCT_TRACK_BODIES = 1_000;

    private record CapacityRun(double requestsPerSecond, double messagesPerSecond, double p99Ms) {
    }

    @Override
    public String name() {
        return "standin";
    }

    /**
     * Loads the stand-in once before anything is measured: a cold JIT halves what it takes, and every scenario
     * relies on it being fast.
     */
    public static void warmUp(BenchEnvironment environment, Duration duration) {
        byte[][] tracks = trackBodies();
        byte[] batch = TrackBodies.batch(0, BATCH_SIZE);
        load(environment, "/v1/track", TRACK_CLIENTS, duration, i -> tracks[i % tracks.length]);
        load(environment, "/v1/batch", BATCH_CLIENTS, duration, i -> batch);
    }

    @Override
    public void run(BenchEnvironment environment, BenchPlan plan, Report report) {
        byte[][] tracks = trackBodies();
        byte[] batch = TrackBodies.batch(0, BATCH_SIZE);
        List<CapacityRun> trackRuns = new ArrayList<>();
        List<CapacityRun> batchRuns = new ArrayList<>();
        for (int rep = 1; rep <= plan.reps(); rep++) {
            trackRuns.add(load(environment, "/v1/track", TRACK_CLIENTS, plan.standInDuration(),
                    i -> tracks[i % tracks.length]));
            batchRuns.add(load(environment, "/v1/batch", BATCH_CLIENTS, plan.standInDuration(), i -> batch));
            Scenario.progress("stand-in rep %d: %.0f track requests/s, %.0f batched messages/s", rep,
                    trackRuns.get(rep - 1).requestsPerSecond(), batchRuns.get(rep - 1).messagesPerSecond());
        }
        Table table = new Table("Segment stand-in capacity, loaded directly for " + plan.standInDuration().toSeconds()
                + " s (medians)", "requests", "clients", "runs", "requests/s", "messages/s", "p99 ms");
        table.row("/v1/track, 1 message (" + tracks[0].length + " B)", TRACK_CLIENTS, trackRuns.size(),
                median(trackRuns, CapacityRun::requestsPerSecond), median(trackRuns, CapacityRun::messagesPerSecond),
                median(trackRuns, CapacityRun::p99Ms));
        table.row("/v1/batch, " + BATCH_SIZE + " messages (" + batch.length / 1024 + " KB)", BATCH_CLIENTS,
                batchRuns.size(), median(batchRuns, CapacityRun::requestsPerSecond),
                median(batchRuns, CapacityRun::messagesPerSecond), median(batchRuns, CapacityRun::p99Ms));
        report.table(table.note("Stand-in: Vert.x, 2 event loops, every body parsed (streaming) and every "
                + "messageId recorded, as in the end-to-end runs. The load generator shares the two cores with it, "
                + "so these are lower bounds. Measured after a warm-up load."));
    }

    private static byte[][] trackBodies() {
        byte[][] tracks = new byte[DISTINCT_TRACK_BODIES][];
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = TrackBodies.single(i);
        }
        return tracks;
    }

    private static CapacityRun load(BenchEnvironment environment, String path, int clients, Duration duration,
            IntFunction<byte[]> bodies) {
        ReceivedMessages received = environment.standIn().received();
        received.clear();
        try (HttpPoster poster = new HttpPoster(clients)) {
            PostResults results = poster.postFor(environment.standIn().port(), path, duration, bodies);
            double seconds = results.elapsedSeconds();
            long[] ok = results.latenciesWithStatus(200);
            return new CapacityRun(ok.length / seconds, received.messages() / seconds, Stats.percentileMs(ok, 0.99));
        }
    }

    private static double median(List<CapacityRun> runs, ToDoubleFunction<CapacityRun> value) {
        return Stats.median(runs.stream().map(value::applyAsDouble).toList());
    }
}
