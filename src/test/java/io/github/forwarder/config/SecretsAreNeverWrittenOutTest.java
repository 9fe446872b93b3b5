package io.github.forwarder.config;

import static io.github.forwarder.support.SegmentStandIn.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.RealRedis;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryFixtures;
import io.github.forwarder.support.SentrySigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.junit.jupiter.api.Test;

/**
 * The Segment write key (also as its Basic-auth form), the webhook secret, the webhook token, the JMS password and
 * the Redis password (in forwarder.redis.url) appear in no log line, HTTP answer or dead-letter entry: through start-up, a JMS connection that logs in, a
 * retry, a dead letter, refused signatures and tokens, a token in the URL, an oversize body and shut-down.
 */
class SecretsAreNeverWrittenOutTest {

    private static final String WEBHOOK_SECRET = "whsec-9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f";
    private static final String TOKEN = "tok-1f2e3d4c5b6a79881f2e3d4c5b6a7988";
    private static final String JMS_USER = "forwarder";
    private static final String JMS_PASSWORD = "jmspw-4b3a2f1e0d9c8b7a6f5e4d3c";
    private static final String REDIS_PASSWORD = "redispw-8e7d6c5b4a3f2e1d0c9b";
    private static final String DEAD_LETTERED = "5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b";
    private static final String DELIVERED = "c81d4e2f9a6b4c0d8e3f1a2b3c4d5e6f";

    @Test
    void noSecretIsLoggedAnsweredOrDeadLettered() throws Exception {
        List<String> answers = new ArrayList<>();
        Path deadLetters;
        EmbeddedActiveMQ broker = brokerRequiringTheJmsPassword();
        try (CapturedLogs logs = new CapturedLogs(); RealRedis redis = RealRedis.start(REDIS_PASSWORD)) {
            try (SegmentStandIn segment = new SegmentStandIn();
                 RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(3)
                         .property("sentry.webhookSecret", WEBHOOK_SECRET).property("sentry.webhookToken", TOKEN)
                         .property("forwarder.jms.brokerUrl", "vm://7311").property("forwarder.jms.username", JMS_USER)
                         .property("forwarder.jms.password", JMS_PASSWORD)
                         .property("forwarder.redis.url", redis.url().replace("//", "//:" + REDIS_PASSWORD + "@"))
                         // one consumer: the Segment answers below are scripted in the order the events are posted
                         .property("forwarder.source", "jms:queue:sentry.events?transacted=true&concurrentConsumers=1")
                         .start()) {
                deadLetters = forwarder.deadLetterDir();
                segment.answerNext(status(503), status(400));
                byte[] event = SentryFixtures.bytes("sdk-event-modern.json");
                byte[] plugin = SentryFixtures.bytes("webhook-plugin.json");

                answers.add(forwarder.post(event, "Sentry-Hook-Signature", SentrySigner.sign(WEBHOOK_SECRET, event)).body());
                answers.add(forwarder.post(plugin, "Sentry-Hook-Signature", SentrySigner.sign(TOKEN, plugin)).body());
                answers.add(forwarder.post(plugin).body());
                answers.add(forwarder.post(plugin, "Authorization", "Bearer " + WEBHOOK_SECRET).body());
                answers.add(forwarder.postWithQuery("?token=" + WEBHOOK_SECRET, plugin).body());
                answers.add(forwarder.post(new byte[2 * 1024 * 1024], "X-ServiceHook-Signature", TOKEN).body());
                answers.add(forwarder.postWithQuery("?token=" + TOKEN, plugin).body());

                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(deadLetters.resolve(DEAD_LETTERED + ".json"))
                        && segment.received().stream().anyMatch(r -> r.body().contains("sentry-" + DELIVERED)));
            }
            assertThat(logs.text()).as("the run was logged").contains("(write key ****4a60)", "(password set)", "On delivery attempt: 1",
                    "Dead-lettered Sentry event " + DEAD_LETTERED, "Refused intake request: the signature does not match",
                    "Refused intake request: the token does not match", "body over 1048576 bytes",
                    "Sent Segment track sentry-" + DELIVERED, "Accepted Sentry event " + DELIVERED, "is shutting down");
            for (String secret : secrets()) {
                assertThat(logs.text()).as("logs").doesNotContain(secret);
                assertThat(answers).as("HTTP answers").noneMatch(answer -> answer.contains(secret));
                assertThat(Files.readString(deadLetters.resolve(DEAD_LETTERED + ".json"))).as("dead letter").doesNotContain(secret);
            }
        } finally {
            broker.stop();
        }
    }

    private static List<String> secrets() {
        String basic = Base64.getEncoder().encodeToString((SegmentStandIn.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        return List.of(SegmentStandIn.WRITE_KEY, basic, WEBHOOK_SECRET, TOKEN, JMS_PASSWORD, REDIS_PASSWORD);
    }

    /** An embedded Artemis broker that lets in only the forwarder's user with its password. */
    private static EmbeddedActiveMQ brokerRequiringTheJmsPassword() throws Exception {
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(true).setName("secrets-test")
                .addAcceptorConfiguration("in-vm", "vm://7311"));
        broker.setSecurityManager(new ActiveMQSecurityManager() {
            @Override
            public boolean validateUser(String user, String password) {
                return JMS_USER.equals(user) && JMS_PASSWORD.equals(password);
            }

            @Override
            public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
                return validateUser(user, password);
            }
        });
        broker.start();
        return broker;
    }
}
