package io.github.forwarder.bench.load;

/**
 * What one wrk run measured: requests answered, over how long, how many were not 2xx, socket errors (connect,
 * read, write, timeout), the answers' latency percentiles, and the CPU wrk itself used (NaN when unknown).
 */
public record WrkResult(long requests, double seconds, long non2xx, long socketErrors, double p50Ms, double p99Ms,
        double cpuSeconds) {

    /** The six numbers the Lua script's done() prints after BENCH-RESULT. */
    static WrkResult parse(String numbers) {
        String[] n = numbers.trim().split("\\s+");
        return new WrkResult(Long.parseLong(n[0]), Long.parseLong(n[1]) / 1e6, Long.parseLong(n[2]),
                Long.parseLong(n[3]), Long.parseLong(n[4]) / 1e3, Long.parseLong(n[5]) / 1e3, Double.NaN);
    }

    WrkResult withCpuSeconds(double cpu) {
        return new WrkResult(requests, seconds, non2xx, socketErrors, p50Ms, p99Ms, cpu);
    }

    /** 2xx answers per second. */
    public double answeredPerSecond() {
        return (requests - non2xx) / seconds;
    }
}
