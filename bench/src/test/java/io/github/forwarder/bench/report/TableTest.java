package io.github.forwarder.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Ratios far below a target still show how far: 0.0037×, never 0.00×. */
class TableTest {

    @Test
    void ratiosKeepTwoDecimalsFromATenthUp() {
        assertEquals("5.25×", Table.ratio(5.2512));
        assertEquals("0.22×", Table.ratio(0.2213));
    }

    @Test
    void smallRatiosKeepTwoSignificantDigits() {
        assertEquals("0.0037×", Table.ratio(0.003712));
        assertEquals("0.091×", Table.ratio(0.0912));
    }
}
