package io.github.forwarder.ops;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.PrometheusScrape;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** forwarder_ready on /observe/metrics is 1 while /observe/health/ready answers 200, and 0 while it answers 503. */
class ReadinessIsAGaugeTest {

    @Test
    void theGaugeFollowsTheReadinessEndpoint() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.health.deadLetterWindowMs", 3000).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200 && ready(forwarder) == 1);
            segment.answerNext(status(400));

            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));

            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 503 && ready(forwarder) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200 && ready(forwarder) == 1);
        }
    }

    private static int readiness(RunningForwarder forwarder) {
        return forwarder.management("/observe/health/ready").statusCode();
    }

    private static double ready(RunningForwarder forwarder) {
        Double ready = new PrometheusScrape(forwarder.management("/observe/metrics").body()).sample("forwarder_ready");
        return ready == null ? -1 : ready;
    }
}
