package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rate rule alone, on a fake clock: never more than the rate in any sliding second, a backlog at 95% of the rate
 * or more, evenly, through pauses and rate changes.
 */
class RateTurnsRuleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000 * SECOND;
    private final LocalRateTurns turns = new LocalRateTurns(() -> now);

    @Test
    void aBacklogMovesAtNearlyTheRateAndNeverAboveItInAnySlidingSecond() {
        for (int rate : new int[] {1, 10, 200, 1000}) {
            List<Long> left = backlog("key-" + rate, rate, 10 * SECOND, 0);
            assertNeverOverTheRate(left, rate);
            assertThat(left.size() / 10.0).as("requests/s at rate %d", rate).isGreaterThanOrEqualTo(0.95 * rate);
        }
    }

    /** A late timer (GC pause, busy CPU) asks again late: fewer leave, never more, and never in a burst after it. */
    @Test
    void aTimerThatWakesLateSendsFewerNeverMoreAndDoesNotCatchUp() {
        List<Long> left = backlog("late", 50, 10 * SECOND, 7 * MS);
        assertNeverOverTheRate(left, 50);
        assertThat(left.size() / 10.0).isGreaterThan(30);

        List<Long> before = backlog("paused timer", 50, SECOND, 0);
        now += 300 * MS;
        List<Long> after = backlog("paused timer", 50, SECOND, 0);
        assertThat(after.get(0)).isGreaterThan(before.get(before.size() - 1));
        assertEvenlySpaced(after, 50);
    }

    /** After idle time the window still counts the departures before it; after a whole window the first leaves. */
    @Test
    void aPauseShorterThanTheWindowGrantsNoExtraRequests() {
        List<Long> before = backlog("paused", 10, 2 * SECOND, 0);
        now += 500 * MS;
        List<Long> after = backlog("paused", 10, 2 * SECOND, 0);
        List<Long> all = new ArrayList<>(before);
        all.addAll(after);
        assertNeverOverTheRate(all, 10);

        now += 2 * SECOND;
        assertThat(turns.tryLeave("paused", 10)).as("the wait of the first request after a long pause").isZero();
    }

    @Test
    void anIdleDestinationSpreadsItsFirstRequestsInsteadOfABurst() {
        List<Long> left = backlog("fresh", 10, 600 * MS, 0);
        assertThat(left).hasSizeGreaterThan(1);
        assertEvenlySpaced(left, 10);
    }

    /** Consecutive departures a turn apart, less what a turn may be taken early. */
    private static void assertEvenlySpaced(List<Long> left, int rate) {
        for (int i = 1; i < left.size(); i++) {
            assertThat(left.get(i) - left.get(i - 1)).isGreaterThanOrEqualTo(
                    RateTurns.WINDOW_NANOS / rate - RateTurns.EARLY_NANOS);
        }
    }

    @Test
    void aLowerRateHoldsAtOnceAndAHigherOneLetsMoreGoAtOnce() {
        List<Long> atTen = backlog("changed", 10, 3 * SECOND, 0);
        long changed = now;
        List<Long> atTwo = backlog("changed", 2, 3 * SECOND, 0);
        List<Long> windowOverTheChange = new ArrayList<>(atTen.stream().filter(t -> t > changed - SECOND).toList());
        windowOverTheChange.addAll(atTwo);
        // no sliding second that starts after the change holds more than 2
        assertNeverOverTheRate(atTwo, 2);
        assertThat(atTwo.get(0) - changed).as("the first at the lower rate waits for the window")
                .isGreaterThan(0);
        assertNeverOverTheRate(windowOverTheChange, 10);

        long raised = now;
        List<Long> atTwenty = backlog("changed", 20, 3 * SECOND, 0);
        assertNeverOverTheRate(atTwenty, 20);
        assertThat(atTwenty.stream().filter(t -> t < raised + 2 * SECOND).count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void eachDestinationHasItsOwnRate() {
        backlog("a busy source", 5, 2 * SECOND, 0);
        assertThat(turns.tryLeave("a quiet source", 5)).isZero();
    }

    /** A backlog on one key for that long: asks, and when told to wait, asks again that much (and late) later. */
    private List<Long> backlog(String key, int rate, long during, long late) {
        List<Long> left = new ArrayList<>();
        // a broken rule that lets every request go at once ends the loop too
        for (long end = now + during; now < end && left.size() <= 2 * rate * (during / SECOND + 1); ) {
            long wait = turns.tryLeave(key, rate);
            if (wait == 0) {
                left.add(now);
            } else {
                assertThat(wait).isPositive();
                now += wait + late;
            }
        }
        return left;
    }

    private static void assertNeverOverTheRate(List<Long> left, int rate) {
        for (int i = rate; i < left.size(); i++) {
            assertThat(left.get(i) - left.get(i - rate)).as("span of %d departures ending with the %d-th at rate %d",
                    rate + 1, i, rate).isGreaterThan(SECOND);
        }
    }
}
