package io.github.forwarder.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When requests reached the Segment stand-in, read the way a rate limit is promised: in any 1-second window. */
public final class Arrivals {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private final List<Instant> times;

    private Arrivals(List<Instant> times) {
        this.times = times.stream().sorted().toList();
    }

    public static Arrivals of(List<SegmentStandIn.Received> requests) {
        return new Arrivals(requests.stream().map(SegmentStandIn.Received::at).toList());
    }

    /** The most requests inside one sliding second [t, t + 1 s), over every t (one starting at each arrival). */
    public int mostInAnySecond() {
        return busiestSecond().count();
    }

    /** The busiest sliding second: where it starts and how many requests arrived inside it. */
    public Window busiestSecond() {
        Window busiest = new Window(times.isEmpty() ? Instant.EPOCH : times.get(0), 0);
        int end = 0;
        for (int start = 0; start < times.size(); start++) {
            Instant limit = times.get(start).plus(SECOND);
            while (end < times.size() && times.get(end).isBefore(limit)) {
                end++;
            }
            if (end - start > busiest.count()) {
                busiest = new Window(times.get(start), end - start);
            }
        }
        return busiest;
    }

    /** Requests per second among those that arrived from {@code from} on: intervals between them over their span. */
    public double perSecondSince(Instant from) {
        List<Instant> since = times.stream().filter(t -> !t.isBefore(from)).toList();
        double seconds = Duration.between(since.get(0), since.get(since.size() - 1)).toNanos() / 1e9;
        return (since.size() - 1) / seconds;
    }

    /** Requests per second that arrived in [from, to). */
    public double perSecondBetween(Instant from, Instant to) {
        long inside = times.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
        return inside / (Duration.between(from, to).toNanos() / 1e9);
    }

    /**
     * The shortest time in which {@code requests} consecutive requests arrived: over a second, the margin left. Null
     * when fewer arrived.
     */
    public Duration shortestSpanOf(int requests) {
        Run tightest = tightestRunOf(requests);
        return tightest == null ? null : tightest.span();
    }

    /** Where the {@code requests} consecutive requests that arrived closest together start, and their span; null
     * when fewer arrived. */
    public Run tightestRunOf(int requests) {
        Run tightest = null;
        for (int i = 0; i + requests - 1 < times.size(); i++) {
            Duration span = Duration.between(times.get(i), times.get(i + requests - 1));
            tightest = tightest == null || span.compareTo(tightest.span()) < 0 ? new Run(times.get(i), span) : tightest;
        }
        return tightest;
    }

    @Override
    public String toString() {
        return times.size() + " requests";
    }

    /** When the n-th request arrived (1 is the first). */
    public Instant nth(int n) {
        return times.get(n - 1);
    }

    public int count() {
        return times.size();
    }

    public record Window(Instant start, int count) {
    }

    public record Run(Instant start, Duration span) {
    }
}
