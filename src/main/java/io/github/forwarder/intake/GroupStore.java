package io.github.forwarder.intake;

import java.util.List;

/**
 * Where {@link SpoolGroupWriter} stores a group of accepted events: whole, or not at all (an exception). Only the
 * writer's thread calls it.
 */
interface GroupStore extends AutoCloseable {

    /** The group's NDJSON lines, each ending in LF, in parts: the store writes the parts one after the other. */
    void write(List<byte[]> parts) throws Exception;

    /** A body that cannot be made one line (UTF-16 or UTF-32 JSON): a file or message of its own. */
    default void writeAlone(byte[] body) throws Exception {
        write(List.of(body));
    }

    /** What logs and readiness call this store: "the spool folder data/spool". */
    String name();

    /**
     * A write that stores no event, to learn whether the store writes again while no event comes: true once it
     * succeeded, an exception if it failed, false when this store has no such write.
     */
    boolean probe() throws Exception;

    /** How long until {@link #tend()} has work: Long.MAX_VALUE, never. */
    default long nanosUntilDue() {
        return Long.MAX_VALUE;
    }

    /** Work a store does between writes, when {@link #nanosUntilDue()} says it is due. */
    default void tend() {
    }

    /** After the last write: what was stored is handed on. */
    @Override
    default void close() {
    }
}
