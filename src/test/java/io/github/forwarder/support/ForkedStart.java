package io.github.forwarder.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits, bounded, for a forked Camel application's own "started" line: its port opens before its routes run. */
final class ForkedStart {

    private ForkedStart() {
    }

    /** Returns once {@code console} holds "(camelName) started in"; fails, naming {@code who}, if it exits or times out. */
    static void await(Process process, Supplier<String> console, String camelName, String who, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String started = "(" + camelName + ") started in";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(who + " exited:\n" + console.get());
            }
            if (console.get().contains(started)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException(who + " did not start:\n" + console.get());
    }
}
