package io.github.forwarder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Readiness reports DOWN while Segment has been unreachable past forwarder.health.segmentFailingForMs and UP once
 * it answers again; liveness stays UP throughout, since a restart would not bring Segment back.
 */
class ReadinessFollowsSegmentTest {

    @Test
    void readinessIsDownWhileSegmentIsGoneAndUpWhenItIsBack() {
        SegmentStandIn segment = new SegmentStandIn();
        try (RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(-1)
                .property("forwarder.health.segmentFailingForMs", 500).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(forwarder, "/observe/health/ready") == 200);

            segment.close();
            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            await().atMost(Duration.ofSeconds(20)).until(() -> status(forwarder, "/observe/health/ready") == 503);
            assertThat(forwarder.management("/observe/health/ready?exposureLevel=full").body())
                    .contains("segment-reachable").contains("Segment has been failing since");
            assertThat(status(forwarder, "/observe/health/live")).isEqualTo(200);

            try (SegmentStandIn back = new SegmentStandIn(segment.port())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> status(forwarder, "/observe/health/ready") == 200);
                assertThat(back.received()).hasSize(1);
            }
        }
    }

    private static int status(RunningForwarder forwarder, String path) {
        return forwarder.management(path).statusCode();
    }
}
