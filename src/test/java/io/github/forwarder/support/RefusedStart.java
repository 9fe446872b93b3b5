package io.github.forwarder.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A forwarder given one setting, in its properties ("property") or as a -D system property ("-D"), refuses to start. */
public final class RefusedStart {

    private RefusedStart() {
    }

    public static void assertRefusedNaming(String key, String value, String source, String message) {
        RunningForwarder.Builder forwarder = RunningForwarder.with();
        if (source.equals("-D")) {
            System.setProperty(key, value);
        } else {
            forwarder.property(key, value);
        }
        try {
            assertThatThrownBy(() -> forwarder.start().close()).hasStackTraceContaining("Refusing to start: ")
                    .hasStackTraceContaining(message);
        } finally {
            System.clearProperty(key);
        }
    }
}
