package io.github.forwarder.ops;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The routes' log lines carry their route in the logging MDC (JSON log lines show it in contextMap): a refusal,
 * logged on the intake's request thread, and a dead letter, logged on a delivery thread after the exchange went
 * through the batching and retry steps.
 */
class LogLinesNameTheirRouteTest {

    /** A line's message, its logger and the route in its MDC. */
    private record Line(String message, String logger, String routeId) {
    }

    @Test
    void eachRouteLineNamesItsRoute() {
        ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender = new AbstractAppender("routes-" + UUID.randomUUID(), null, null, false,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getMessage().getFormattedMessage(), event.getLoggerName(),
                        event.getContextData().getValue("camel.routeId")));
            }
        };
        appender.start();
        logging.getConfiguration().getRootLogger().addAppender(appender, null, null);
        logging.updateLoggers();
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).start()) {
            assertThat(forwarder.post("not json".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
            segment.failEverything(status(400));
            assertThat(forwarder.post(SentryFixtures.bytes("sdk-event-modern.json")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> routeOf(lines, "Dead-lettered") != null);

            assertThat(routeOf(lines, "Refused intake request")).isEqualTo("receive-sentry-webhooks");
            assertThat(routeOf(lines, "Dead-lettered")).isEqualTo("write-dead-letter");
        } finally {
            logging.getConfiguration().getRootLogger().removeAppender(appender.getName());
            logging.updateLoggers();
            appender.stop();
        }
    }

    private static String routeOf(ConcurrentLinkedQueue<Line> lines, String messageStart) {
        return lines.stream().filter(line -> line.message().startsWith(messageStart)).map(Line::routeId)
                .findFirst().orElse(null);
    }
}
