package io.github.forwarder.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle's achieved rate is read right whether requests come evenly or in a burst at each second. */
class SteadyRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void evenArrivalsAreMeasuredAtTheirRate() {
        long[] arrivals = new long[200];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = 5 * SECOND + i * SECOND / 20;
        }
        assertEquals(20.0, SteadyRate.middle(arrivals), 0.5);
    }

    @Test
    void aBurstAtTheStartOfEachSecondIsMeasuredAtTheRateNotAtTheBurst() {
        List<Long> arrivals = new ArrayList<>();
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 10; i++) {
                arrivals.add(second * SECOND + i * 1_000_000L);
            }
        }
        assertEquals(10.0, SteadyRate.middle(arrivals.stream().mapToLong(Long::longValue).toArray()), 1.0);
    }

    @Test
    void theBusiestSecondIsFoundAnywhere() {
        long[] arrivals = {0, SECOND / 2, SECOND + 1, SECOND + 2, SECOND + 3, 3 * SECOND};
        assertEquals(4, SteadyRate.busiestSecond(arrivals));
    }
}
