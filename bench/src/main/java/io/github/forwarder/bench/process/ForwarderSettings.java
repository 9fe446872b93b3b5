package io.github.forwarder.bench.process;

import java.nio.file.Path;

/**
 * How the forwarder under test is configured for one run. source null means the default: the HTTP intake's
 * spool folder. batchSize is passed as -Dsegment.batch.size even before batch mode exists (it is then ignored).
 * recording, when set, is where a JFR profile of the run is written.
 */
public record ForwarderSettings(int batchSize, int throttleRate, String source, Path recording) {

    public static ForwarderSettings of(int batchSize, int throttleRate) {
        return new ForwarderSettings(batchSize, throttleRate, null, null);
    }

    public ForwarderSettings source(String newSource) {
        return new ForwarderSettings(batchSize, throttleRate, newSource, recording);
    }

    public ForwarderSettings recordTo(Path jfrFile) {
        return new ForwarderSettings(batchSize, throttleRate, source, jfrFile);
    }

    public String label() {
        return "batch size " + batchSize + ", rate " + throttleRate + "/s";
    }
}
