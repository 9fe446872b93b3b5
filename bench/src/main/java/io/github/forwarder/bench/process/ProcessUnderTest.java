package io.github.forwarder.bench.process;

import java.time.Duration;

/** What every measured process reports, the forwarder and the baseline alike. */
abstract class ProcessUnderTest implements AutoCloseable {

    protected final JavaProcess process;

    ProcessUnderTest(JavaProcess process) {
        this.process = process;
    }

    /** From process start to its ready line. */
    public Duration startUp() {
        return process.startUp();
    }

    /** Peak resident memory so far, in MB. */
    public double peakRssMb() {
        return process.peakRssMb();
    }

    @Override
    public void close() {
        process.close();
    }
}
