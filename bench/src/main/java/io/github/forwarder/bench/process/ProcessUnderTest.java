package io.github.forwarder.bench.process;

import java.time.Duration;

/** What every measured process reports: the forwarder, the baseline, the bare loop and the bare server alike. */
public abstract class ProcessUnderTest implements AutoCloseable {

    protected final JavaProcess process;

    ProcessUnderTest(JavaProcess process) {
        this.process = process;
    }

    /** From process start to ready. */
    public Duration startUp() {
        return process.startUp();
    }

    /** Peak resident memory so far, in MB. */
    public double peakRssMb() {
        return process.peakRssMb();
    }

    /** CPU time (user + system) used so far, in seconds; differences over a run give its CPU per event. */
    public double cpuSeconds() {
        return process.cpuSeconds();
    }

    /** SIGKILL, as a lost pod or host. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
