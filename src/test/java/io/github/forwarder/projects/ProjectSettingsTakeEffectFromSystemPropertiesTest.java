package io.github.forwarder.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * forwarder.projects.<slug>.* given as JVM system properties (what -D sets), with no such key in any properties
 * file, takes effect: alpha's events go to alpha's own Segment source, gamma's are answered project-disabled and
 * never reach Segment. The properties are really set on this JVM before boot (RunningForwarder's overrides would
 * be seen as file keys) and cleared after.
 */
class ProjectSettingsTakeEffectFromSystemPropertiesTest {

    private static final String ALPHA_KEY = "alpha-wk-0a1b2c3d4e5f6a7b";
    private static final Map<String, String> FLAGS = Map.of(
            "forwarder.projects.alpha.writeKey", ALPHA_KEY,
            "forwarder.projects.gamma.enabled", "false");
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clearFlags() {
        FLAGS.keySet().forEach(System::clearProperty);
    }

    @Test
    void alphaUsesItsKeyAndGammaIsOff() throws Exception {
        FLAGS.forEach(System::setProperty);
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).start()) {
            HttpResponse<String> gamma = forwarder.post(SentryEvents.forwardable(2, "gamma"));
            forwarder.post(SentryEvents.forwardable(1, "alpha"));
            forwarder.post(SentryEvents.forwardable(3, "beta"));

            assertThat(gamma.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(gamma.body()).path("reason").asText()).isEqualTo("project-disabled");
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() >= 2);
            assertThat(segment.calls())
                    .extracting(r -> r.json().get("messageId").asText(), r -> r.header("Authorization"))
                    .containsExactlyInAnyOrder(tuple("sentry-" + SentryEvents.eventId(1), basic(ALPHA_KEY)),
                            tuple("sentry-" + SentryEvents.eventId(3), basic(SegmentStandIn.WRITE_KEY)));
        }
    }

    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
