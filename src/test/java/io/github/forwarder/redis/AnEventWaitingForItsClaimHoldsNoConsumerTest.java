package io.github.forwarder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * A forwarder with a jms: source and one consumer, on Redis, finds an event whose claim another living forwarder
 * holds: the event goes back to the queue while it waits, so the consumer forwards the messages behind it; once that
 * forwarder's heartbeat is gone, the event is sent, once, and counted as received once.
 */
class AnEventWaitingForItsClaimHoldsNoConsumerTest {

    private static final String QUEUE = "sentry.events";
    private static final String OTHER = "a-living-forwarder";

    @Test
    void theMessagesBehindItAreForwardedMeanwhile() throws Exception {
        String name = "claim-wait-" + System.nanoTime();
        String brokerUrl = "vm://" + Math.abs(name.hashCode());
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).setName(name)
                .addAcceptorConfiguration("in-vm", brokerUrl));
        broker.start();
        RedisClient client = null;
        try (RealRedis redis = RealRedis.start(); SegmentStandIn segment = new SegmentStandIn();
                RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                        .property("forwarder.redis.url", redis.url()).property("forwarder.jms.brokerUrl", brokerUrl)
                        .property("forwarder.source", "jms:queue:" + QUEUE + "?transacted=true&concurrentConsumers=1")
                        .start()) {
            client = RedisClient.create(redis.url());
            StatefulRedisConnection<String, String> other = client.connect();
            // another forwarder, alive, has event 0 in flight
            other.sync().set("sentry-forwarder:alive:" + OTHER, "alive");
            other.sync().set("sentry-forwarder:event:" + SentryEvents.eventId(0), OTHER);

            send(brokerUrl, IntStream.range(0, 6).mapToObj(SentryEvents::forwardable).toList());

            List<String> behind = IntStream.range(1, 6).mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().containsAll(behind));
            assertThat(segment.deliveredMessageIds()).as("event 0 waits for the other forwarder's claim")
                    .doesNotContain("sentry-" + SentryEvents.eventId(0));
            // it waits on the queue, put back once per forwarder.redis.heartbeatMs (2 s), not in a busy loop
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                    !segment.deliveredMessageIds().contains("sentry-" + SentryEvents.eventId(0)));
            long added = broker.getActiveMQServer().locateQueue(QUEUE).getMessagesAdded();
            System.out.printf("an event waiting for its claim: %d messages added to the queue for 6 sent%n", added);
            assertThat(added).isBetween(6L + 1, 6L + 10);

            // the other forwarder dies: its heartbeat is gone, and its claim with it
            other.sync().del("sentry-forwarder:alive:" + OTHER);
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 6);
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    broker.getActiveMQServer().locateQueue(QUEUE).getMessageCount() == 0);
            assertThat(metric(forwarder, "forwarder_events_received_total")).as("put back, not received again")
                    .isEqualTo(6);
            assertThat(forwarder.filesIn("dead-letter")).isEmpty();
        } finally {
            if (client != null) {
                client.shutdown();
            }
            broker.stop();
        }
    }

    private static void send(String brokerUrl, List<byte[]> bodies) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (byte[] body : bodies) {
                producer.send(session.createTextMessage(new String(body, StandardCharsets.UTF_8)));
            }
        }
    }

    /** The sum of a series' values on /observe/metrics. */
    private static double metric(RunningForwarder forwarder, String series) {
        Matcher value = Pattern.compile("(?m)^" + series + "[^\\n]* ([0-9.eE+-]+)$")
                .matcher(forwarder.management("/observe/metrics").body());
        double sum = 0;
        while (value.find()) {
            sum += Double.parseDouble(value.group(1));
        }
        return sum;
    }
}
