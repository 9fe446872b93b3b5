package io.github.forwarder.bench.baseline;

import java.nio.file.Path;

/**
 * The floor for end to end through HTTP with the forwarder's promise, without Camel: {@link DurableBareIntakeServer}
 * answers 202 once each event is in a group file of the folder, and {@link BareLoopForwarder}, in the same JVM,
 * reads those files, deletes them and posts batches to Segment. What any forwarder that stores before its 202 could
 * reach on this machine.
 *
 * Usage: DurableBareForwarder <port> <folder> <Segment base URL>; the write key comes from SEGMENT_WRITEKEY.
 */
public final class DurableBareForwarder {

    private DurableBareForwarder() {
    }

    public static void main(String[] args) throws Exception {
        DurableBareIntakeServer.listen(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("durable bare forwarder listening on " + args[0]);
        BareLoopForwarder.main(new String[] {args[1], args[2]});
    }
}
