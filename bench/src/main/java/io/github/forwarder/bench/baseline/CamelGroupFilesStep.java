package io.github.forwarder.bench.baseline;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The storing Camel floor's one step: the body, unread, into {@link GroupFiles}, waiting on the request's thread
 * until its group is renamed, as the forwarder's spool step waits. A failed write fails the exchange.
 * Runs inside the forwarder's jar (Camel Main), with the bench jar on the class path; Camel is not shipped with the
 * bench (provided scope).
 */
public final class CamelGroupFilesStep implements Processor {

    private final GroupFiles files;

    public CamelGroupFilesStep(String folder) {
        this.files = new GroupFiles(Path.of(folder));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            files.store(exchange.getMessage().getBody(byte[].class)).get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception cause ? cause : failed;
        }
    }
}
