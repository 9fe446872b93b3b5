package io.github.forwarder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.Manifest;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import io.github.forwarder.support.SentryFixtures;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * forwarder.source=jms:queue:... on a real (embedded) ActiveMQ Artemis broker: messages are forwarded, a message
 * without an event is dead-lettered, and the HTTP intake hands accepted events to the queue.
 */
class JmsSourceTest {

    private static final String QUEUE = "sentry.events";

    private EmbeddedActiveMQ broker;
    private String brokerUrl;

    @BeforeEach
    void startBroker() throws Exception {
        String name = "test-" + System.nanoTime();
        brokerUrl = "vm://" + Math.abs(name.hashCode());
        broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).setName(name)
                .addAcceptorConfiguration("in-vm", brokerUrl));
        broker.start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.stop();
    }

    @Test
    void forwardsQueuedEventsAndDeadLettersBadMessages() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment)) {
            send(SentryFixtures.text("service-hook-event-created.json"), "{\"not\":\"an event\"}",
                    SentryFixtures.text("legacy-interfaces.json"));

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 2);
            assertThat(segment.calls().stream().map(r -> r.json()).toList()).containsExactlyInAnyOrder(
                    Manifest.trackCall(Manifest.get("service-hook-event-created.json")),
                    Manifest.trackCall(Manifest.get("legacy-interfaces.json")));
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("dead-letter").size() == 1);
        }
    }

    @Test
    void theHttpIntakeHandsEventsToTheQueue() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment)) {

            assertThat(forwarder.post(SentryFixtures.bytes("integration-event-alert.json")).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() == 1);
            assertThat(segment.calls().get(0).json())
                    .isEqualTo(Manifest.trackCall(Manifest.get("integration-event-alert.json")));
            assertThat(forwarder.filesIn("spool")).isEmpty();
        }
    }

    @Test
    void theQueueIsReadAndWrittenOverOnePooledConnectionWithKeptConsumers() throws Exception {
        int events = 100;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment)) {
            for (int i = 0; i < events / 2; i++) {
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
            }
            send(IntStream.range(events / 2, events).mapToObj(i -> new String(SentryEvents.forwardable(i),
                    StandardCharsets.UTF_8)).toArray(String[]::new));

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() == events);
            ActiveMQServer server = broker.getActiveMQServer();
            // the test's own sender is one connection and one session; the forwarder shares one pooled connection,
            // not a connection, session or consumer per message: a session for each of its forwarder.concurrency
            // (16) consumers, and a few for the intake's sends
            assertThat(server.getTotalConnectionCount()).as("connections opened").isLessThanOrEqualTo(3);
            assertThat(server.getTotalSessionCount()).as("sessions opened").isLessThan(16 + events / 4);
        }
    }

    @Test
    void eventsAcceptedAtTheSameMomentShareOneMessage() throws Exception {
        int events = 64;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment)) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> answers = IntStream.range(0, events).mapToObj(i -> clients.submit(() ->
                        forwarder.post(SentryEvents.forwardable(1000 + i)).statusCode())).toList();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(202);
                }
            } finally {
                clients.shutdown();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> segment.deliveredMessageIds().size() == events);
            // each 202 came after its group's message was on the queue: fewer messages than events, none lost
            assertThat(broker.getActiveMQServer().locateQueue(QUEUE).getMessagesAdded()).isLessThan(events);
            assertThat(segment.deliveredMessageIds()).doesNotHaveDuplicates();
        }
    }

    @Test
    void theQueueHasForwarderConcurrencyConsumersUnlessTheUriSaysOtherwise() {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment, "forwarder.concurrency", "5", "")) {
            // one consumer would forward one event per Segment round trip: a transacted listener holds its message
            await().atMost(Duration.ofSeconds(20)).until(() -> consumersOn(QUEUE) == 5);
        }
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = jmsForwarder(segment, "forwarder.concurrency", "5", "&concurrentConsumers=2")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> consumersOn(QUEUE) == 2);
        }
    }

    @Test
    void aMessageWhoseEventIsNotDeliveredStaysOnTheQueueWhenTheForwarderStops() {
        try (SegmentStandIn segment = new SegmentStandIn()) {
            segment.failEverything(SegmentStandIn.Answer.status(503));
            try (RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(-1)
                    .property("forwarder.jms.brokerUrl", brokerUrl)
                    .property("forwarder.source", "jms:queue:" + QUEUE + "?transacted=true").start()) {
                assertThat(forwarder.post(SentryEvents.forwardable(1)).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.calls().size() >= 2);
            }
            // its transaction rolled back: the message is on the queue (once the broker has closed the consumers'
            // sessions) for the next forwarder
            await().atMost(Duration.ofSeconds(10)).until(() -> messagesOn(QUEUE) == 1);
            segment.recover();
            try (RunningForwarder next = jmsForwarder(segment)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> messagesOn(QUEUE) == 0);
            }
        }
    }

    private long messagesOn(String queue) {
        var found = broker.getActiveMQServer().locateQueue(queue);
        return found == null ? 0 : found.getMessageCount();
    }

    private long consumersOn(String queue) {
        var found = broker.getActiveMQServer().locateQueue(queue);
        return found == null ? 0 : found.getConsumerCount();
    }

    private RunningForwarder jmsForwarder(SegmentStandIn segment) {
        return RunningForwarder.with().segment(segment)
                .property("forwarder.jms.brokerUrl", brokerUrl)
                .property("forwarder.source", "jms:queue:" + QUEUE + "?transacted=true").start();
    }

    private RunningForwarder jmsForwarder(SegmentStandIn segment, String setting, String value, String uriOptions) {
        return RunningForwarder.with().segment(segment)
                .property("forwarder.jms.brokerUrl", brokerUrl)
                .property(setting, value)
                .property("forwarder.source", "jms:queue:" + QUEUE + "?transacted=true" + uriOptions).start();
    }

    private void send(String... bodies) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (String body : bodies) {
                producer.send(session.createTextMessage(body));
            }
        }
    }
}
