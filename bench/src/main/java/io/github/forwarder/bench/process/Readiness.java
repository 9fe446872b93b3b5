package io.github.forwarder.bench.process;

import java.net.URI;

/**
 * When a process under test counts as ready, which ends its time to ready: a console line it prints, or an HTTP
 * URL answering 200 (the forwarder's /observe/health/ready), polled from process start.
 */
public sealed interface Readiness {

    record ConsoleLine(String marker) implements Readiness {
    }

    record HttpOk(URI uri) implements Readiness {
    }

    static Readiness consoleLine(String marker) {
        return new ConsoleLine(marker);
    }

    static Readiness httpOk(String url) {
        return new HttpOk(URI.create(url));
    }
}
