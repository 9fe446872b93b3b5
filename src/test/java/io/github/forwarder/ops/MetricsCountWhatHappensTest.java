package io.github.forwarder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.PrometheusScrape;
import io.github.forwarder.support.KnownOutcomes;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * /observe/metrics counts what happened to known events: received by source and shape, filtered by reason,
 * forwarded, retried, dead-lettered, the Segment calls by status class, and the dead-letter store.
 */
class MetricsCountWhatHappensTest {

    @Test
    void countersMoveByWhatTheEventsMet() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(3).start()) {
            PrometheusScrape before = scrape(forwarder);
            assertThat(before.sample("forwarder_events_replayed_total")).isZero();
            assertThat(before.sample("forwarder_events_forwarded_total", "project", "unknown")).isZero();

            KnownOutcomes.forwardedFilteredAndDeadLettered(forwarder, segment);
            // Dropped into the source folder by someone other than the intake.
            Files.write(forwarder.dataDir().resolve("spool/backfill.json"), SentryFixtures.bytes("webhook-plugin.json"));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 4);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusScrape after = scrape(forwarder);
                assertThat(after.count("forwarder_events_received_total", "source", "http", "shape", "event"))
                        .isEqualTo(1);
                assertThat(after.count("forwarder_events_received_total", "source", "http",
                        "shape", "integration-error")).isEqualTo(1);
                assertThat(after.count("forwarder_events_received_total", "source", "http", "shape", "service-hook"))
                        .isEqualTo(1);
                assertThat(after.count("forwarder_events_received_total", "source", "file", "shape", "webhook-plugin"))
                        .isEqualTo(1);
                assertThat(after.count("forwarder_events_filtered_total", "reason", "no-user-id")).isEqualTo(1);
                assertThat(after.count("forwarder_events_forwarded_total", "project", "unknown")).isEqualTo(1);
                assertThat(after.count("forwarder_events_forwarded_total", "project", "storefront")).isEqualTo(1);
                assertThat(after.count("forwarder_segment_retries_total")).isEqualTo(1);
                assertThat(after.count("forwarder_events_dead_lettered_total", "project", "mobile-api")).isEqualTo(1);
                assertThat(after.count("forwarder_events_replayed_total")).isZero();
                assertThat(after.count("forwarder_segment_requests_seconds_count", "status_class", "2xx")).isEqualTo(2);
                assertThat(after.count("forwarder_segment_requests_seconds_count", "status_class", "5xx")).isEqualTo(1);
                assertThat(after.count("forwarder_segment_requests_seconds_count", "status_class", "4xx")).isEqualTo(1);
                assertThat(after.sample("forwarder_dead_letters")).isEqualTo(1);
                assertThat(after.sample("forwarder_throttle_queue_depth")).isZero();
                assertThat(after.text()).contains("routeId=\"deliver-to-segment\"");
            });

            // Replayed once the cause is fixed: counted as replayed and forwarded, not received a second time.
            Files.createDirectories(forwarder.dataDir().resolve("replay"));
            try (var entries = Files.list(forwarder.deadLetterDir())) {
                Path entry = entries.findFirst().orElseThrow();
                Files.move(entry, forwarder.dataDir().resolve("replay").resolve(entry.getFileName()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.received().size() == 5);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusScrape replayed = scrape(forwarder);
                assertThat(replayed.count("forwarder_events_replayed_total")).isEqualTo(1);
                assertThat(replayed.count("forwarder_events_forwarded_total", "project", "mobile-api")).isEqualTo(1);
                assertThat(replayed.count("forwarder_events_received_total", "source", "http", "shape", "service-hook"))
                        .isEqualTo(1);
                assertThat(replayed.count("forwarder_events_received_total", "source", "file", "shape", "service-hook"))
                        .isZero();
            });
        }
    }

    private static PrometheusScrape scrape(RunningForwarder forwarder) {
        HttpResponse<String> metrics = forwarder.management("/observe/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return new PrometheusScrape(metrics.body());
    }
}
