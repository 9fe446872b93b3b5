package io.github.forwarder.source;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * With events in flight concurrently, a directory poll can list a file just before the exchange that was
 * delivering it finishes and deletes (or moves) it. The file is then gone by the time its new exchange starts:
 * it was handled already, and is skipped rather than read as an empty event.
 */
public final class SourceFiles {

    public boolean isAlreadyHandled(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof GenericFile<?> file
                && !Files.exists(Path.of(file.getAbsoluteFilePath()));
    }
}
