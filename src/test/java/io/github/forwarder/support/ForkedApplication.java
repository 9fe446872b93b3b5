package io.github.forwarder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An application the test started in its own JVM, its console written to a file. */
abstract class ForkedApplication implements AutoCloseable {

    private final Process process;
    private final Path console;

    ForkedApplication(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    final Process process() {
        return process;
    }

    public String console() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
