package io.github.forwarder.intake;

import java.util.List;

/** Where {@link SpoolGroupWriter} stores a group of accepted events: whole, or not at all (an exception). */
interface GroupStore {

    /** Called by one thread at a time. Each entry is one event, an NDJSON line ending in LF, or a body alone. */
    void write(List<byte[]> lines) throws Exception;

    /** What logs and readiness call this store: "the spool folder data/spool". */
    String name();

    /**
     * A write that stores no event, to learn whether the store writes again while no event comes: true once it
     * succeeded, an exception if it failed, false when this store has no such write.
     */
    boolean probe() throws Exception;
}
