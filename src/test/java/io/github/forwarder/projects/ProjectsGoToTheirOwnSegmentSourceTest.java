package io.github.forwarder.projects;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.DeadLetters;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * forwarder.projects.<slug-or-id>.*: a project's events go to its own Segment source (write key), its own region
 * (base URL), or nowhere (enabled=false, answered with the reason); other projects use the defaults. Dead letters
 * name the project.
 */
class ProjectsGoToTheirOwnSegmentSourceTest {

    private static final String STOREFRONT_KEY = "storefront-wk-11112222333344445555";
    private static final String STORED_KEY = "stored-wk-66667777888899990000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachProjectReachesItsDestination() throws Exception {
        try (SegmentStandIn us = new SegmentStandIn();
             SegmentStandIn eu = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(us)
                     .property("forwarder.projects.storefront.writeKey", STOREFRONT_KEY)
                     .property("forwarder.projects.4508123456789.writeKey", STORED_KEY)
                     .property("forwarder.projects.mobile-api.baseUrl", eu.baseUrl())
                     .property("forwarder.projects.checkout-web.enabled", false).start()) {
            eu.answerNext(status(400));

            forwarder.post(SentryFixtures.bytes("webhook-plugin.json"));              // slug storefront
            forwarder.post(SentryFixtures.bytes("stored-event.json"));                // id 4508123456789
            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));            // no project: defaults
            forwarder.post(SentryFixtures.bytes("service-hook-event-created.json"));  // slug mobile-api, EU
            String disabled = forwarder.post(SentryFixtures.bytes("integration-error-created.json")).body();

            assertThat(JSON.readTree(disabled).get("reason").asText()).isEqualTo("project-disabled");
            await().atMost(Duration.ofSeconds(20)).until(() -> us.calls().size() == 3 && eu.calls().size() == 1);
            Map<String, String> keyByMessage = us.calls().stream().collect(Collectors.toMap(
                    r -> r.json().get("messageId").asText(), r -> r.header("Authorization")));
            assertThat(keyByMessage).containsOnly(
                    Map.entry("sentry-c81d4e2f9a6b4c0d8e3f1a2b3c4d5e6f", basic(STOREFRONT_KEY)),
                    Map.entry("sentry-3e7a9c1b5d2f4a6c8e0b1d3f5a7c9e1b", basic(STORED_KEY)),
                    Map.entry("sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b", basic(SegmentStandIn.WRITE_KEY)));
            assertThat(eu.calls().get(0).header("Authorization")).isEqualTo(basic(SegmentStandIn.WRITE_KEY));

            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
            JsonNode entry = DeadLetters.read(forwarder.filesIn("dead-letter").get(0));
            assertThat(entry.get("project")).isEqualTo(JSON.readTree(
                    "{\"id\":\"31\",\"slug\":\"mobile-api\",\"organization\":\"acme\"}"));
        }
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
