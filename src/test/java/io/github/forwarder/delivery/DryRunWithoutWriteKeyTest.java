package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without a write key nothing is sent: the message that would go to Segment is written to the dry-run folder. */
class DryRunWithoutWriteKeyTest {

    @Test
    void writesTheMessageInsteadOfSendingIt() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with()
                     .property("segment.baseUrl", segment.baseUrl()).property("segment.writeKey", "").start()) {

            assertThat(forwarder.post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);

            Path written = forwarder.dataDir().resolve("dry-run/sentry-5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b.json");
            await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.filesIn("dry-run").contains(written));
            assertThat(new ObjectMapper().readTree(written.toFile()))
                    .isEqualTo(Manifest.trackCall(Manifest.get("sdk-event-modern.json")));
            assertThat(segment.received()).isEmpty();
        }
    }
}
