package io.github.forwarder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * /observe/jolokia asks for the console credentials (HTTP Basic) and lets nobody in without a password set; its
 * policy allows operations on Camel's MBeans and reads, not the JVM's operations. Health and metrics stay open.
 */
class JolokiaAsksForTheConsoleCredentialsTest {

    private static final String PASSWORD = "jolokia-test-" + Long.toHexString(System.nanoTime());
    private static final String CAMEL_CONTEXT =
            "org.apache.camel:context=sentry-segment-forwarder,type=context,name=%22sentry-segment-forwarder%22";

    @Test
    void onlyTheOperatorGetsInAndOnlyToWhatThePolicyAllows() {
        try (RunningForwarder forwarder = RunningForwarder.with().property("forwarder.console.enabled", false)
                .property("forwarder.console.password", PASSWORD).start()) {
            assertThat(forwarder.management("/observe/jolokia/version").statusCode()).isEqualTo(401);
            assertThat(forwarder.management("/observe/jolokia/version", basic("admin", "wrong")).statusCode())
                    .isEqualTo(401);
            assertThat(forwarder.management("/observe/jolokia/version", basic("admin", PASSWORD)).body())
                    .contains("\"status\":200");
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.management("/observe/health").statusCode() == 200);
            assertThat(forwarder.management("/observe/metrics").statusCode()).isEqualTo(200);

            assertThat(jolokia(forwarder, "/exec/" + CAMEL_CONTEXT + "/dumpRoutesAsXml()"))
                    .contains("\"status\":200").contains("post-to-segment");
            assertThat(jolokia(forwarder, "/read/java.lang:type=Memory/HeapMemoryUsage")).contains("\"status\":200");
            assertThat(jolokia(forwarder, "/exec/java.lang:type=Memory/gc()")).contains("\"status\":403");
            assertThat(jolokia(forwarder, "/read/com.sun.management:type=HotSpotDiagnostic/DiagnosticOptions")).contains("\"status\":403");
        }
    }

    @Test
    void withoutAPasswordNobodyGetsIn() {
        try (RunningForwarder forwarder = RunningForwarder.with().start()) {
            assertThat(forwarder.management("/observe/jolokia/version", basic("admin", "")).statusCode())
                    .isEqualTo(401);
            assertThat(forwarder.management("/observe/jolokia/version", basic("admin", "admin")).statusCode())
                    .isEqualTo(401);
        }
    }

    private static String jolokia(RunningForwarder forwarder, String request) {
        return forwarder.management("/observe/jolokia" + request, basic("admin", PASSWORD)).body();
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }
}
