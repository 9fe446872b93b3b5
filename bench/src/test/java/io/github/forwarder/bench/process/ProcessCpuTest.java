package io.github.forwarder.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CPU per event is read from the right /proc fields, whatever the process calls itself. */
class ProcessCpuTest {

    @Test
    void userAndSystemTimeAreSummedInSeconds() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 566 0 0 20 0 40 0 3100 5000000 90000";
        assertEquals(18.0, ProcessCpu.secondsOf(stat), 1e-9);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsSkipped() {
        String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 9000 0 3 0 100 50 0 0 20 0 40 0 3100 5000000 90000";
        assertEquals(1.5, ProcessCpu.secondsOf(stat), 1e-9);
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        assertTrue(ProcessCpu.seconds(ProcessHandle.current().pid()) > 0);
    }
}
