package io.github.forwarder.bench.baseline;

import java.util.List;
import java.util.Locale;

/**
 * How the analytics-java baseline is tuned, stated in every report. Its defaults (250 messages a flush, a 10 s
 * flush interval, one network thread) would handicap it, so it gets what the forwarder gets: batches of up to
 * 500 messages (the library also cuts a batch near 450 KB), a 1 s flush interval (the library's minimum, and
 * the forwarder's segment.batch.timeoutMs), one upload thread per core, and a flush whenever its input folder
 * is drained, so a backfill's last batch does not wait for the interval.
 */
public record BaselineSettings(int flushQueueSize, long flushIntervalMillis, int networkThreads) {

    public static BaselineSettings tuned(int cores) {
        return new BaselineSettings(500, 1_000, cores);
    }

    /** As command-line arguments of BaselineForwarder, after the folder and the URL. */
    public List<String> arguments() {
        return List.of(String.valueOf(flushQueueSize), String.valueOf(flushIntervalMillis),
                String.valueOf(networkThreads));
    }

    static BaselineSettings parse(String[] args, int first) {
        return new BaselineSettings(Integer.parseInt(args[first]), Long.parseLong(args[first + 1]),
                Integer.parseInt(args[first + 2]));
    }

    public String describe() {
        return String.format(Locale.ROOT, "flushQueueSize %d, flushInterval %d ms, networkExecutor of %d thread(s), "
                + "flush when the input folder is drained", flushQueueSize, flushIntervalMillis, networkThreads);
    }
}
