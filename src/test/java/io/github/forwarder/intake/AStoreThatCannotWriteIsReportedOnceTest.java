package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.PrometheusScrape;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;

/**
 * While the intake's store cannot write, every request it cannot store is answered 503 with Retry-After and the
 * JSON error, so Sentry sends it again; readiness is DOWN naming the store and the reason, the fault is logged once
 * when it starts (WARN) and once when it ends (INFO), nothing blames Segment, forwarder_store_failures_total counts
 * the failed writes, and every event answered 202 reaches Segment once.
 * <p>
 * The spool folder is replaced by a plain file: no file can be made in it, for root as for anyone (a folder's
 * permissions do not stop root). The JMS queue's address is full, with Artemis' FAIL policy, while Segment fails
 * and the forwarder holds the one message that filled it.
 */
class AStoreThatCannotWriteIsReportedOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 40;
    private static final String QUEUE = "sentry.events";
    private static final int SENT_AGAIN = 10;

    @Test
    void aSpoolFolderThatCannotBeWrittenIsReportedOnceAndComesBackByItself() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).start();
             CapturedLogs logs = new CapturedLogs()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200);
            assertThat(storeFailures(forwarder, "file")).isZero();
            Path spool = forwarder.dataDir().resolve("spool");
            Files.delete(spool); // empty: nothing was posted yet
            Files.writeString(spool, "a file where the spool folder was");

            assertAllRefused(ConcurrentPosts.postAllAtOnce(forwarder, bodies(0)));
            assertThat(Files.readString(spool)).isEqualTo("a file where the spool folder was");
            String store = "the spool folder " + spool;
            assertThat(readiness(forwarder)).isEqualTo(503);
            assertThat(storeCheck(forwarder)).startsWith("The intake cannot store events in " + store + ": ")
                    .endsWith("Not a directory");
            assertThat(storeFailures(forwarder, "file")).isBetween(1.0, (double) EVENTS);

            // No event comes while the forwarder is not ready (a load balancer sends none): its probe finds the
            // folder writable again.
            Files.delete(spool);
            await().atMost(Duration.ofSeconds(15)).until(() -> readiness(forwarder) == 200);
            for (HttpResponse<String> answer : ConcurrentPosts.postAllAtOnce(forwarder, bodies(EVENTS))) {
                assertThat(answer.statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= EVENTS);
            assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(messageIds(EVENTS, EVENTS));
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
            assertReportedOnce(logs.text(), store);
        }
    }

    @Test
    void aJmsQueueThatRefusesSendsIsReportedOnceUntilASendSucceeds() throws Exception {
        String name = "full-" + System.nanoTime();
        String brokerUrl = "vm://" + Math.abs(name.hashCode());
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).setName(name)
                .addAcceptorConfiguration("in-vm", brokerUrl)
                .addAddressSetting(QUEUE, new AddressSettings().setMaxSizeBytes(1)
                        .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL)));
        broker.start();
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(-1)
                     .property("forwarder.jms.brokerUrl", brokerUrl)
                     .property("forwarder.source", "jms:queue:" + QUEUE + "?transacted=true").start();
             CapturedLogs logs = new CapturedLogs()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(forwarder) == 200);
            segment.failEverything(SegmentStandIn.Answer.status(503));
            // One message fills the address; the forwarder holds it (in its transaction) while Segment fails.
            assertThat(forwarder.post(SentryEvents.forwardable(0)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> !segment.received().isEmpty());

            assertAllRefused(ConcurrentPosts.postAllAtOnce(forwarder, bodies(1)));
            String store = "the JMS queue jms:queue:" + QUEUE;
            assertThat(readiness(forwarder)).isEqualTo(503);
            assertThat(storeCheck(forwarder)).startsWith("The intake cannot store events in " + store + ": ")
                    .contains("is full");
            assertThat(storeFailures(forwarder, "jms")).isBetween(1.0, (double) EVENTS);

            // Segment answers again: the held message is delivered, which empties the address, and the next send
            // (there is no probe on a queue: any message on it is read as events) makes readiness UP again.
            segment.recover();
            PagingStore address = broker.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of(QUEUE));
            for (int i = EVENTS + 1; i <= EVENTS + SENT_AGAIN; i++) {
                // one at a time: the address holds one message, so each send waits for the one before to be done
                await().atMost(Duration.ofSeconds(20)).until(() -> address.getAddressSize() == 0);
                assertThat(forwarder.post(SentryEvents.forwardable(i)).statusCode()).isEqualTo(202);
                assertThat(readiness(forwarder)).isEqualTo(200);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= SENT_AGAIN + 1);
            List<String> accepted = new ArrayList<>(messageIds(EVENTS + 1, SENT_AGAIN));
            accepted.add("sentry-" + SentryEvents.eventId(0));
            assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(accepted);
            assertReportedOnce(logs.text(), store);
        } finally {
            broker.stop();
        }
    }

    private static void assertAllRefused(List<HttpResponse<String>> answers) throws Exception {
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(JSON.readTree(answer.body()).path("error").asText())
                    .isEqualTo("the event could not be stored; retry later");
        }
    }

    /**
     * One WARN when the store started failing, one INFO when it wrote again, each request at most DEBUG: no other
     * WARN or ERROR of the forwarder's own (the store's fault is not Segment's).
     */
    private static void assertReportedOnce(String log, String store) {
        List<String> lines = log.lines().toList();
        assertThat(lines.stream().filter(line -> (line.startsWith("WARN") || line.startsWith("ERROR"))
                && line.contains("] io.github.forwarder.")))
                .singleElement().asString()
                .contains("IntakeStoreHealth - The intake cannot store events in " + store
                        + ", so it answers 503 and readiness is DOWN until a write succeeds: ");
        assertThat(lines.stream().filter(line -> line.startsWith("INFO") && line.contains("IntakeStoreHealth")))
                .singleElement().asString()
                .contains("The intake stores events in " + store + " again");
        assertThat(lines.stream().filter(line -> line.startsWith("DEBUG")
                && line.contains("Could not store Sentry event"))).isNotEmpty();
        assertThat(log).doesNotContain("Retries exhausted").doesNotContain("Segment could not be reached");
    }

    private static List<byte[]> bodies(int from) {
        return IntStream.range(from, from + EVENTS).mapToObj(SentryEvents::forwardable).toList();
    }

    private static List<String> messageIds(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList();
    }

    private static int readiness(RunningForwarder forwarder) {
        return forwarder.management("/observe/health/ready").statusCode();
    }

    /** The message of readiness' check of the intake's store. */
    private static String storeCheck(RunningForwarder forwarder) throws Exception {
        for (JsonNode check : JSON.readTree(forwarder.management("/observe/health/ready?exposureLevel=full").body())
                .path("checks")) {
            if (check.path("name").asText().equals("intake-store-writable")) {
                assertThat(check.path("status").asText()).isEqualTo("DOWN");
                return check.path("message").asText().replace("\\/", "/"); // Camel's health output escapes / twice
            }
        }
        throw new AssertionError("no intake-store-writable check in readiness");
    }

    private static double storeFailures(RunningForwarder forwarder, String store) {
        return new PrometheusScrape(forwarder.management("/observe/metrics").body())
                .count("forwarder_store_failures_total", "store", store);
    }
}
