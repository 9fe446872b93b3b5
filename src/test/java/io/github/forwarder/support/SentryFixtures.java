package io.github.forwarder.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Realistic Sentry payloads from src/test/resources/sentry/. */
public final class SentryFixtures {

    private SentryFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = SentryFixtures.class.getResourceAsStream("/sentry/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
