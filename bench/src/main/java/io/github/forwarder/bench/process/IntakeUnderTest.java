package io.github.forwarder.bench.process;

import java.time.Duration;

/** A server taking POST /sentry/events: the forwarder's intake, or the bare Vert.x server it is compared with. */
public interface IntakeUnderTest extends AutoCloseable {

    int httpPort();

    Duration startUp();

    double peakRssMb();

    double cpuSeconds();

    @Override
    void close();
}
