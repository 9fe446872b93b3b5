package io.github.forwarder.bench.process;

import java.nio.file.Path;
import java.util.List;

/**
 * How the forwarder under test is configured for one run. source null means the default: the HTTP intake's
 * spool folder. batchSize is passed as -Dsegment.batch.size even before batch mode exists (it is then ignored).
 * recording, when set, is where a JFR profile of the run is written. rememberedIds is how many delivered event
 * ids its dedupe store already holds at start, as after a long run (0: a fresh data folder). jvmOptions are added
 * to BENCH_JVM_OPTS for this run only. home, when set, is another checkout of the repository (built) to run the
 * forwarder from, with its own jar, routes and properties (null: this repository).
 */
public record ForwarderSettings(int batchSize, int throttleRate, String source, Path recording, int rememberedIds,
        List<String> jvmOptions, Path home) {

    /** Makes the forwarder log when each Segment request leaves (SegmentRateLimit), for ForwarderProcess. */
    public static final String SEND_TIMES = "-Dlog4j2.level.sendTimes=TRACE";

    public static ForwarderSettings of(int batchSize, int throttleRate) {
        return new ForwarderSettings(batchSize, throttleRate, null, null, 0, List.of(), null);
    }

    public ForwarderSettings source(String newSource) {
        return new ForwarderSettings(batchSize, throttleRate, newSource, recording, rememberedIds, jvmOptions, home);
    }

    public ForwarderSettings recordTo(Path jfrFile) {
        return new ForwarderSettings(batchSize, throttleRate, source, jfrFile, rememberedIds, jvmOptions, home);
    }

    public ForwarderSettings remembering(int ids) {
        return new ForwarderSettings(batchSize, throttleRate, source, recording, ids, jvmOptions, home);
    }

    public ForwarderSettings withJvmOptions(String... options) {
        return new ForwarderSettings(batchSize, throttleRate, source, recording, rememberedIds, List.of(options), home);
    }

    public ForwarderSettings from(Path otherCheckout) {
        return new ForwarderSettings(batchSize, throttleRate, source, recording, rememberedIds, jvmOptions,
                otherCheckout);
    }

    public String label() {
        return "batch size " + batchSize + ", rate " + throttleRate + "/s";
    }
}
