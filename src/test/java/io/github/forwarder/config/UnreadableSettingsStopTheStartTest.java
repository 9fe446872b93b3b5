package io.github.forwarder.config;

import io.github.forwarder.support.RefusedStart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A number or a true/false setting that is neither stops start-up with a message naming the key, whether it comes
 * from the properties or from a -D system property, in every area's configuration.
 */
class UnreadableSettingsStopTheStartTest {

    @ParameterizedTest(name = "{0}={1} as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            forwarder.throttle.rate          | fast | property | forwarder.throttle.rate is "fast", not a whole number
            forwarder.dedupe.size            | 2e5  | -D       | forwarder.dedupe.size is "2e5", not a whole number
            forwarder.health.deadLetterWindowMs | 5m | property | forwarder.health.deadLetterWindowMs is "5m", not a whole number
            forwarder.spool.sync             | yes  | -D       | forwarder.spool.sync is "yes", not true or false
            forwarder.concurrency            | many | property | forwarder.concurrency is "many", not a whole number
            """)
    void startUpIsRefusedNamingTheKey(String key, String value, String source, String message) {
        RefusedStart.assertRefusedNaming(key, value, source, message);
    }
}
