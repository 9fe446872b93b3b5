package io.github.forwarder;

import static io.github.forwarder.Settings.setting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.batch.SegmentBatchDelivery;
import io.github.forwarder.batch.SentryBatches;
import io.github.forwarder.dedupe.ClaimWaits;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.dedupe.ForwarderHeartbeat;
import io.github.forwarder.dedupe.ForwarderIdentity;
import io.github.forwarder.dedupe.LocalDeliveryClaims;
import io.github.forwarder.dedupe.RedisDeliveryClaims;
import io.github.forwarder.dedupe.RememberedIds;
import io.github.forwarder.delivery.DeadLetterEntries;
import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.DepartureLog;
import io.github.forwarder.delivery.LocalDepartureLog;
import io.github.forwarder.delivery.RedisDepartureLog;
import io.github.forwarder.delivery.RetryAfter;
import io.github.forwarder.delivery.SegmentAttempts;
import io.github.forwarder.delivery.SegmentBatcher;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.delivery.SegmentRetries;
import io.github.forwarder.intake.IntakeGates;
import io.github.forwarder.intake.IntakeInspector;
import io.github.forwarder.intake.IntakeSpool;
import io.github.forwarder.intake.OversizeBodyAnswer;
import io.github.forwarder.intake.SentrySignatures;
import io.github.forwarder.intake.SpoolGroupWriter;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.ProjectSettingsReader;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.SentryDocuments;
import io.github.forwarder.sentry.SentryEventReader;
import io.github.forwarder.shared.SharedRedis;
import io.github.forwarder.shared.SharedStoreGate;
import io.github.forwarder.source.ReadAhead;
import io.github.forwarder.source.SourceBackpressure;
import io.github.forwarder.source.SourceFiles;
import io.github.forwarder.source.WholeFileWrites;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.URISupport;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the Java steps the routes call by name, from the settings in application.properties. */
public class ForwarderConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ForwarderConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        ForwarderDefaults.addTo(properties);
        ObjectMapper mapper = new ObjectMapper();
        Supplier<Instant> clock = Instant::now;
        String version = ForwarderVersion.get();
        SentryEventReader reader = new SentryEventReader(mapper);
        String writeKey = setting(properties, "segment.writeKey");
        SegmentDestinations destinations = new SegmentDestinations(writeKey, setting(properties, "segment.baseUrl"),
                ProjectSettingsReader.read(properties));
        ForwardingFilter filter = new ForwardingFilter(
                setting(properties, "forwarder.filter.includeExceptionTypes"),
                setting(properties, "forwarder.filter.excludeExceptionTypes"), destinations::isEnabled);

        Registry registry = context.getRegistry();
        registry.bind("sentryDocuments", new SentryDocuments(mapper,
                Integer.parseInt(setting(properties, "forwarder.batch.events")),
                (int) Math.min(Integer.MAX_VALUE, Long.parseLong(setting(properties, "forwarder.intake.maxBodyBytes"))),
                ReadAhead.ofHeap()));
        registry.bind("sentrySourceFiles", new SourceFiles());
        registry.bind("sourceBackpressure", new SourceBackpressure(
                Integer.parseInt(setting(properties, "forwarder.concurrency"))));
        SentrySignatures signatures = new SentrySignatures(
                setting(properties, "sentry.webhookSecret"), setting(properties, "sentry.webhookToken"));
        registry.bind("sentryIntakeInspector", new IntakeInspector(signatures, reader, filter, mapper));
        TrackMessageBuilder tracks = new TrackMessageBuilder(mapper, version, clock);
        registry.bind("segmentDestinations", destinations);
        SegmentCalls calls = new SegmentCalls(mapper, version, clock);
        registry.bind("segmentCalls", calls);
        SegmentBatcher batcher = new SegmentBatcher(context, destinations,
                Integer.parseInt(setting(properties, "segment.batch.size")),
                Long.parseLong(setting(properties, "segment.batch.timeoutMs")));
        registry.bind("segmentBatcher", batcher);
        Path dataDir = Path.of(setting(properties, "forwarder.dataDir"));
        SharedRedis redis = sharedRedis(properties);
        if (redis != null) {
            registry.bind("forwarderRedis", redis);
        }
        registry.bind("sharedStoreGate", new SharedStoreGate(redis));
        SegmentRateLimit rateLimit = segmentRateLimit(context, properties, redis);
        registry.bind("segmentRateLimit", rateLimit);
        registry.bind("segmentRetries", new SegmentRetries(
                Integer.parseInt(setting(properties, "forwarder.redelivery.maximumRedeliveries"))));
        registry.bind("segmentRetryAfter", new RetryAfter(
                Long.parseLong(setting(properties, "forwarder.redelivery.maximumRetryAfterMs")), clock));
        registry.bind("segmentAttempts", new SegmentAttempts());
        registry.bind("forwarderDeadLetterEntries", new DeadLetterEntries(mapper, clock));
        List<Service> stores = new ArrayList<>();
        ForwarderHeartbeat heartbeat = heartbeat(properties, redis, dataDir, stores);
        DeliveryClaims deliveredEvents = deliveryClaims(properties, redis, heartbeat, dataDir, "event", stores);
        registry.bind("deliveredSentryEvents", deliveredEvents);
        DeliveryClaims identifiedUsers = deliveryClaims(properties, redis, heartbeat, dataDir, "user", stores);
        registry.bind("identifiedSentryUsers", identifiedUsers);
        IdentifyMessageBuilder identifies = new IdentifyMessageBuilder(mapper, version);
        registry.bind("identifyMessageBuilder", identifies);
        // The forwarding route's steps, each a loop over a batch of events (EventCounts is bound by the operations
        // configuration, which runs next).
        // Without Redis no claim is ever held elsewhere.
        ClaimWaits claimWaits = new ClaimWaits(setting(properties, "forwarder.source"),
                heartbeat == null ? Duration.ZERO : heartbeat.every());
        registry.bind("sentryBatches", new SentryBatches(reader, filter, destinations, tracks, identifies, calls,
                deliveredEvents, identifiedUsers, claimWaits, () -> registry.lookupByNameAndType("forwarderEventCounts",
                        EventCounts.class), Boolean.parseBoolean(setting(properties, "forwarder.identify.enabled"))));
        registry.bind("segmentBatchDelivery", new SegmentBatchDelivery(batcher, deliveredEvents, identifiedUsers,
                Boolean.parseBoolean(setting(properties, "segment.debug"))));
        registry.bind("forwarderDeadLetterReplay", new DeadLetterReplay(dataDir,
                setting(properties, "forwarder.admin.token"), deliveredEvents, mapper));
        bindJmsConnectionFactory(context, properties, registry);

        String source = setting(properties, "forwarder.source");
        context.getCamelContextExtension().registerEndpointCallback(new WholeFileWrites(dataDir, source));
        // A folder or a jms: queue takes the intake's events in groups, one file or message per group;
        // receive-sentry-webhooks hands them to any other source one by one, and never calls the spool.
        SpoolGroupWriter spool = source.startsWith("file:") || source.startsWith("jms:")
                ? new SpoolGroupWriter(context, source, Boolean.parseBoolean(setting(properties, "forwarder.spool.sync")))
                : null;
        registry.bind("intakeSpool", new IntakeSpool(spool));
        if (spool != null) {
            registry.bind("intakeStoreHealth", spool.health()); // read by the operations configuration
        }
        // Camel Main's HTTP server (camel.server.*); a Spring Boot host serves the intake on its own (its starter
        // answers 413 and 503 there), and has neither setting.
        boolean intakeServer = Boolean.parseBoolean(setting(properties, "camel.server.enabled"));
        int intakePort = intakeServer ? Integer.parseInt(setting(properties, "camel.server.port")) : -1;
        if (intakeServer) {
            IntakeGates.install(context, intakePort);
        }
        try {
            context.addService(batcher, true, true);
            for (Service store : stores) {
                context.addService(store, true, true);
            }
            context.addService(rateLimit, true, true);
            if (spool != null) {
                context.addService(spool, true, true); // stopped after the routes: what they admitted is written
            }
            context.addStartupListener((started, alreadyStarted) -> {
                if (alreadyStarted) {
                    return; // a route started (or resumed) later, not the forwarder
                }
                logSummary(properties, writeKey, destinations, registry.findSingleByType(ConsoleSettings.class),
                        redis, intakeServer);
                // In the background, so readiness does not wait for it.
                Thread prepare = new Thread(batcher::prepareClients, "segment-client-prepare");
                prepare.setDaemon(true);
                prepare.start();
                if (intakeServer) {
                    OversizeBodyAnswer.install(started, intakePort,
                            Long.parseLong(setting(properties, "forwarder.intake.maxBodyBytes")));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the start-up steps", e);
        }
    }

    /** The Redis of forwarder.redis.url, bound as forwarderRedis; null when it is not set (this forwarder alone). */
    /**
     * The rate: one rule, one step before each Segment request and the HTTP client configurer of the Segment
     * endpoints (deliver-to-segment); with Redis shared by every forwarder on it. An entry never marked counts for
     * the HTTP timeouts and a window.
     */
    private static SegmentRateLimit segmentRateLimit(CamelContext context, PropertiesComponent properties,
            SharedRedis redis) {
        long pendingCap = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(setting(properties, "segment.connectTimeoutMs"))
                + Long.parseLong(setting(properties, "segment.responseTimeoutMs"))) + DepartureLog.WINDOW_NANOS;
        return new SegmentRateLimit(context, Integer.parseInt(setting(properties, "forwarder.throttle.rate")),
                redis == null ? new LocalDepartureLog(System::nanoTime, pendingCap)
                        : new RedisDepartureLog(redis, pendingCap));
    }

    private static SharedRedis sharedRedis(PropertiesComponent properties) {
        String url = setting(properties, "forwarder.redis.url");
        if (url.isBlank()) {
            return null;
        }
        return new SharedRedis(url, setting(properties, "forwarder.redis.password"),
                Duration.ofMillis(Long.parseLong(setting(properties, "forwarder.redis.timeoutMs"))));
    }

    /**
     * With Redis: this forwarder's heartbeat, which its claims refer to; added to {@code stores} after Redis, so it
     * stops first. Null without Redis.
     */
    private static ForwarderHeartbeat heartbeat(PropertiesComponent properties, SharedRedis redis, Path dataDir,
            List<Service> stores) {
        if (redis == null) {
            return null;
        }
        ForwarderHeartbeat heartbeat = new ForwarderHeartbeat(redis, ForwarderIdentity.of(dataDir),
                Duration.ofMillis(Long.parseLong(setting(properties, "forwarder.redis.heartbeatMs"))),
                Duration.ofMillis(Long.parseLong(setting(properties, "forwarder.redis.heartbeatExpiryMs"))));
        stores.add(redis);
        stores.add(heartbeat);
        return heartbeat;
    }

    /**
     * The claims of event ids ("event") or user ids ("user"): in Redis when it is set, else in memory with the
     * delivered ids in <dataDir>/dedupe/. The services they need are added to {@code stores}.
     */
    private static DeliveryClaims deliveryClaims(PropertiesComponent properties, SharedRedis redis,
            ForwarderHeartbeat heartbeat, Path dataDir, String ids, List<Service> stores) {
        if (redis != null) {
            return new RedisDeliveryClaims(redis, ids, ForwarderIdentity.of(dataDir), heartbeat,
                    Duration.ofMillis(Long.parseLong(setting(properties, "forwarder.dedupe.ttlMs"))));
        }
        RememberedIds delivered = new RememberedIds(dataDir.resolve("dedupe/" + ids + "-ids.dat"),
                Integer.parseInt(setting(properties, "forwarder.dedupe.size")));
        stores.add(delivered);
        return new LocalDeliveryClaims(delivered);
    }

    /**
     * camel-jms picks up the one ConnectionFactory in the registry; none is made without a broker URL. It is a pool:
     * the intake's sends share one connection and reuse sessions. The listener has one connection of its own (see
     * below) and keeps its consumers (CACHE_CONSUMER; with transacted=true camel-jms would otherwise open a
     * consumer per message).
     * transacted=true uses the listener's own local session transaction (lazyCreateTransactionManager=false, as
     * camel-jms documents for local transactions): the same commit after success and rollback on failure, without
     * a JmsTransactionManager that takes a pooled connection and session of its own for every message and commits
     * that (empty) session too.
     * A jms: source has forwarder.concurrency consumers unless its URI sets concurrentConsumers: a transacted
     * listener holds its message until the message's events are delivered, so one consumer forwarded one event per
     * Segment round trip (bench/run.sh --only jms: 67 events/s end to end).
     */
    private static void bindJmsConnectionFactory(CamelContext context, PropertiesComponent properties, Registry registry) {
        String brokerUrl = setting(properties, "forwarder.jms.brokerUrl");
        if (brokerUrl.isBlank()) {
            return;
        }
        String user = setting(properties, "forwarder.jms.username");
        ActiveMQConnectionFactory broker = user.isBlank() ? new ActiveMQConnectionFactory(brokerUrl)
                : new ActiveMQConnectionFactory(brokerUrl, user, setting(properties, "forwarder.jms.password"));
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(broker);
        registry.bind("forwarderJmsConnectionFactory", pool);
        JmsConfiguration jms = context.getComponent("jms", JmsComponent.class).getConfiguration();
        // The listener keeps one connection of its own (not the pool's, whose stop() does nothing): stopping the
        // listener stops that connection's deliveries, so a message rolled back at shutdown waits on the queue
        // instead of bouncing between consumers that reject it while they stop, which used up the broker's
        // delivery attempts (Artemis: 10) with 16 consumers.
        jms.setListenerConnectionFactory(broker);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setLazyCreateTransactionManager(false);
        jms.setConcurrentConsumers(Integer.parseInt(setting(properties, "forwarder.concurrency")));
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                pool.stop();
                broker.close();
            }
        });
    }

    private static void logSummary(PropertiesComponent properties, String writeKey, SegmentDestinations destinations,
            ConsoleSettings console, SharedRedis redis, boolean intakeServer) {
        String dataDir = setting(properties, "forwarder.dataDir");
        if (writeKey.isBlank()) {
            LOG.warn("DRY-RUN: no segment.writeKey (or SEGMENT_WRITEKEY) is set; Segment messages are written to {}/dry-run/ and not sent",
                    dataDir);
        }
        String management = Boolean.parseBoolean(setting(properties, "camel.management.enabled"))
                ? "health, metrics and Jolokia under http://localhost:" + setting(properties, "camel.management.port")
                        + "/observe/"
                : "no management server";
        LOG.info("Forwarding Sentry events from {} to {} (write key {}) at most {} requests/s{}; data in {}; "
                        + "HTTP intake POST {}; {}; {}; {}",
                URISupport.sanitizeUri(setting(properties, "forwarder.source")),
                writeKey.isBlank() ? "dry-run" : setting(properties, "segment.baseUrl"),
                Secrets.masked(writeKey), setting(properties, "forwarder.throttle.rate"),
                redis == null ? "" : " shared with every forwarder on Redis " + redis.describe()
                        + " (with the delivered ids)", dataDir,
                intakeServer ? "http://localhost:" + setting(properties, "camel.server.port") + "/sentry/events"
                        : "/sentry/events on the application's HTTP server",
                management, console.describe(),
                destinations.describeProjects());
    }
}
