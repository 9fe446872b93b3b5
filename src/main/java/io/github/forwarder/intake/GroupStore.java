package io.github.forwarder.intake;

import java.util.List;

/** Where {@link SpoolGroupWriter} stores a group of accepted events: whole, or not at all (an exception). */
interface GroupStore {

    /** Called by one thread at a time. Each entry is one event, an NDJSON line ending in LF, or a body alone. */
    void write(List<byte[]> lines) throws Exception;
}
