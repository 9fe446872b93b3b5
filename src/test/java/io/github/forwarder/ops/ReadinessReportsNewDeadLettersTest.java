package io.github.forwarder.ops;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Readiness reports DOWN for forwarder.health.deadLetterWindowMs after the dead-letter store grew, then UP. */
class ReadinessReportsNewDeadLettersTest {

    @Test
    void readinessIsDownForAWindowAfterADeadLetter() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.health.deadLetterWindowMs", 2000).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200);
            segment.answerNext(status(400));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 503);
            assertThat(forwarder.filesIn("dead-letter")).hasSize(1);
            assertThat(forwarder.management("/observe/health/ready?exposureLevel=full").body())
                    .contains("dead-letters-steady").contains("An event was dead-lettered at");
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200);
        }
    }

    private static int readiness(RunningForwarder forwarder) {
        return forwarder.management("/observe/health/ready").statusCode();
    }
}
