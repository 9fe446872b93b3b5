package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The rate rule alone, on a fake clock: never more than the rate going on the wire in any window, however requests
 * bunch on their way there; a backlog at 95% of the rate or more; through pauses, rate changes, requests that never
 * leave and a forwarder that never says.
 */
class DepartureLogRuleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CAP = 16 * SECOND;
    /** The way from admission to the wire of most requests. */
    private static final IntToLongFunction QUICK = n -> 2 * MS;

    private long now = 1_000 * SECOND;
    private final LocalDepartureLog log = new LocalDepartureLog(() -> now, CAP);

    @Test
    void aBacklogMovesAtNearlyTheRateAndNeverAboveItAtTheWire() {
        for (int rate : new int[] {1, 10, 200, 1000}) {
            List<Long> left = backlog("key-" + rate, rate, 10 * SECOND, QUICK);
            assertNeverOverTheRate(left, rate);
            assertThat(left.size() / 10.0).as("requests/s at rate %d", rate).isGreaterThanOrEqualTo(0.95 * rate);
        }
    }

    /** A fresh forwarder's first requests take long to the wire (new connections, code not compiled yet). */
    @Test
    void requestsThatBunchOnTheirWayToTheWireStillLeaveWithinTheRate() {
        for (int rate : new int[] {10, 200, 1000}) {
            int slow = rate / 2;
            List<Long> left = backlog("cold-" + rate, rate, 5 * SECOND,
                    n -> n < slow ? 320 * MS - n * (300 * MS / slow) : 2 * MS);
            assertNeverOverTheRate(left, rate);
            assertThat(left.size()).as("left at rate %d", rate).isGreaterThanOrEqualTo(4 * rate);
        }
    }

    /** After idle time the window still counts the departures before it; after a whole window all may leave. */
    @Test
    void aPauseAndResumeGrantsNoExtraRequests() {
        List<Long> all = new ArrayList<>(backlog("paused", 10, 2 * SECOND, QUICK));
        now += 500 * MS;
        all.addAll(backlog("paused", 10, 2 * SECOND, QUICK));
        assertNeverOverTheRate(all, 10);

        now += 2 * SECOND;
        admitAtEachTurn("paused", 10, 10);
        assertThat(log.tryAdmit("paused", "one-more", 10)).isPositive();
    }

    @Test
    void aLowerRateHoldsAtOnceAndAHigherOneLetsMoreGoAtOnce() {
        List<Long> atTen = backlog("changed", 10, 3 * SECOND, QUICK);
        long changed = now;
        List<Long> atTwo = backlog("changed", 2, 3 * SECOND, QUICK);
        assertThat(atTwo.get(0) - changed).as("the first at the lower rate waits for the log").isPositive();
        List<Long> overTheChange = new ArrayList<>(atTen);
        overTheChange.addAll(atTwo);
        assertNeverOverTheRate(overTheChange, 10);
        assertNeverOverTheRate(atTwo.stream().filter(t -> t > changed + SECOND).toList(), 2);

        long raised = now;
        List<Long> atTwenty = backlog("changed", 20, 3 * SECOND, QUICK);
        assertNeverOverTheRate(atTwenty, 20);
        assertThat(atTwenty.stream().filter(t -> t < raised + 2 * SECOND).count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aRequestThatNeverLeftFreesItsPlaceAtOnce() {
        admitAtEachTurn("refused", 5, 5);
        now += DepartureLog.WINDOW_NANOS / 5;
        long wait = log.tryAdmit("refused", "call-5", 5);
        assertThat(wait).as("all pending: ask again soon").isPositive().isLessThanOrEqualTo(DepartureLog.WINDOW_NANOS);
        log.release("refused", "call-0");
        assertThat(log.tryAdmit("refused", "call-5", 5)).isZero();
        assertThat(log.tryAdmit("refused", "call-6", 5)).isPositive();
    }

    /** Segment cannot have seen a request after its answer: one held up after the wire counts from its answer. */
    @Test
    void aRequestHeldUpAfterTheWireCountsFromItsAnswerLessTheQuickestAnswer() {
        admitAtEachTurn("held up", 1, 1);
        long leftAt = now;
        log.left("held up", "call-0");
        now += 400 * MS;
        log.answered("held up", "call-0", 2 * MS);
        now = leftAt + DepartureLog.WINDOW_NANOS;
        long heldLonger = 400 * MS + DepartureLog.AFTER_ANSWER_NANOS - DepartureLog.WINDOW_NANOS - 2 * MS;
        assertThat(log.tryAdmit("held up", "call-1", 1)).isEqualTo(heldLonger);
        now += heldLonger;
        assertThat(log.tryAdmit("held up", "call-1", 1)).isZero();

        log.left("held up", "call-1");
        log.answered("held up", "call-1", 2 * MS); // answered at once: the window from the wire holds
        now += DepartureLog.WINDOW_NANOS;
        assertThat(log.tryAdmit("held up", "call-2", 1)).isZero();
    }

    /** A forwarder that admitted and then crashed holds its places for the cap, not for ever. */
    @Test
    void anEntryNeverMarkedStopsCountingAfterTheCap() {
        admitAtEachTurn("crashed", 3, 3);
        now += CAP - MS - 2 * DepartureLog.WINDOW_NANOS / 3;
        assertThat(log.tryAdmit("crashed", "late", 3)).isPositive();
        now += MS;
        assertThat(log.tryAdmit("crashed", "late", 3)).isZero();
    }

    @Test
    void eachDestinationHasItsOwnRate() {
        admitAtEachTurn("a busy source", 5, 5);
        assertThat(log.tryAdmit("a busy source", "more", 5)).isPositive();
        assertThat(log.tryAdmit("a quiet source", "first", 5)).isZero();
    }

    /** The requests of a backlog's first turns, as pending entries call-0, call-1...: none leaves. */
    private void admitAtEachTurn(String key, int rate, int count) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                now += DepartureLog.WINDOW_NANOS / rate;
            }
            assertThat(log.tryAdmit(key, "call-" + i, rate)).as("request %d at its turn", i).isZero();
        }
    }

    /** A backlog's requests are admitted a turn apart, not in one burst that would reach Segment bunched. */
    @Test
    void aBacklogIsAdmittedATurnApartNotInABurst() {
        assertThat(log.tryAdmit("fresh", "first", 10)).isZero();
        long wait = log.tryAdmit("fresh", "second", 10);
        assertThat(wait).isEqualTo(DepartureLog.WINDOW_NANOS / 10 - DepartureLog.EARLY_NANOS);
    }

    private record OnTheWay(long at, String entry) {
    }

    /**
     * A backlog on one key for that long: asks, and when told to wait asks again that much later; the n-th admitted
     * request goes on the wire {@code wayToWire(n)} after its admission. Answers when each went on the wire.
     */
    private List<Long> backlog(String key, int rate, long during, IntToLongFunction wayToWire) {
        List<Long> left = new ArrayList<>();
        PriorityQueue<OnTheWay> onTheWay = new PriorityQueue<>(Comparator.comparingLong(OnTheWay::at));
        long end = now + during;
        long nextAsk = now;
        // a broken rule that lets every request go at once ends the loop too
        for (int admitted = 0; admitted <= 3 * rate * (during / SECOND + 1); ) {
            boolean wireFirst = !onTheWay.isEmpty() && onTheWay.peek().at() <= nextAsk;
            now = wireFirst ? onTheWay.peek().at() : nextAsk;
            if (wireFirst) {
                log.left(key, onTheWay.poll().entry());
                left.add(now);
            } else if (now >= end) {
                break;
            } else {
                long wait = log.tryAdmit(key, key + admitted, rate);
                if (wait == 0) {
                    onTheWay.add(new OnTheWay(now + wayToWire.applyAsLong(admitted), key + admitted));
                    admitted++;
                } else {
                    assertThat(wait).isPositive();
                    nextAsk = now + wait;
                }
            }
        }
        for (OnTheWay way; (way = onTheWay.poll()) != null; ) {
            now = Math.max(now, way.at());
            log.left(key, way.entry());
            left.add(now);
        }
        return left;
    }

    /** Any rate + 1 departures span more than the window: no window holds more than the rate. */
    private static void assertNeverOverTheRate(List<Long> left, int rate) {
        List<Long> sorted = left.stream().sorted().toList();
        for (int i = rate; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - rate)).as("span of %d departures ending with the %d-th at rate %d",
                    rate + 1, i, rate).isGreaterThanOrEqualTo(DepartureLog.WINDOW_NANOS);
        }
    }
}
