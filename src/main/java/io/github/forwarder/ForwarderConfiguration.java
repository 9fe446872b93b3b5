package io.github.forwarder;

import static io.github.forwarder.Settings.setting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.dedupe.RememberedIds;
import io.github.forwarder.delivery.DeadLetterEntries;
import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.RetryAfter;
import io.github.forwarder.delivery.SegmentAttempts;
import io.github.forwarder.delivery.SegmentBatcher;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.delivery.SegmentRetries;
import io.github.forwarder.intake.IntakeInspector;
import io.github.forwarder.intake.OversizeBodyAnswer;
import io.github.forwarder.intake.SentrySignatures;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.source.SourceFiles;
import io.github.forwarder.sentry.SentryDocuments;
import io.github.forwarder.sentry.SentryEventReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the Java steps the routes call by name, from the settings in application.properties. */
public class ForwarderConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ForwarderConfiguration.class);
    private static final String PROJECTS = "forwarder.projects.";

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        ObjectMapper mapper = new ObjectMapper();
        Supplier<Instant> clock = Instant::now;
        String version = ForwarderVersion.get();
        SentryEventReader reader = new SentryEventReader(mapper);
        String writeKey = setting(properties, "segment.writeKey");
        SegmentDestinations destinations = new SegmentDestinations(writeKey, setting(properties, "segment.baseUrl"),
                projectSettings(properties));
        ForwardingFilter filter = new ForwardingFilter(
                setting(properties, "forwarder.filter.includeExceptionTypes"),
                setting(properties, "forwarder.filter.excludeExceptionTypes"), destinations::isEnabled);

        Registry registry = context.getRegistry();
        registry.bind("sentryDocuments", new SentryDocuments(mapper));
        registry.bind("sourceFiles", new SourceFiles());
        registry.bind("sentryEventReader", reader);
        registry.bind("forwardingFilter", filter);
        SentrySignatures signatures = new SentrySignatures(
                setting(properties, "sentry.webhookSecret"), setting(properties, "sentry.webhookToken"));
        registry.bind("intakeInspector", new IntakeInspector(signatures, reader, filter, mapper));
        registry.bind("trackMessageBuilder", new TrackMessageBuilder(mapper, version, clock));
        registry.bind("segmentDestinations", destinations);
        registry.bind("segmentCalls", new SegmentCalls(mapper, version, clock));
        SegmentBatcher batcher = new SegmentBatcher(context, destinations,
                Integer.parseInt(setting(properties, "segment.batch.size")),
                Long.parseLong(setting(properties, "segment.batch.timeoutMs")));
        registry.bind("segmentBatcher", batcher);
        SegmentRateLimit rateLimit = new SegmentRateLimit(context,
                Integer.parseInt(setting(properties, "forwarder.throttle.rate")));
        registry.bind("segmentRateLimit", rateLimit);
        registry.bind("segmentRetries", new SegmentRetries(
                Integer.parseInt(setting(properties, "forwarder.redelivery.maximumRedeliveries"))));
        registry.bind("retryAfter", new RetryAfter(
                Long.parseLong(setting(properties, "forwarder.redelivery.maximumRetryAfterMs")), clock));
        registry.bind("segmentAttempts", new SegmentAttempts());
        registry.bind("deadLetterEntries", new DeadLetterEntries(mapper, clock));
        Path dataDir = Path.of(setting(properties, "forwarder.dataDir"));
        int dedupeSize = Integer.parseInt(setting(properties, "forwarder.dedupe.size"));
        IdempotentRepository seenEvents = new RememberedIds(dataDir.resolve("dedupe/event-ids.dat"), dedupeSize);
        registry.bind("seenEvents", seenEvents);
        registry.bind("seenUsers", new RememberedIds(dataDir.resolve("dedupe/user-ids.dat"), dedupeSize));
        registry.bind("identifyMessageBuilder", new IdentifyMessageBuilder(mapper, version));
        registry.bind("deadLetterReplay", new DeadLetterReplay(dataDir, setting(properties, "forwarder.admin.token"),
                seenEvents, mapper));
        bindJmsConnectionFactory(properties, registry);

        // Every file the forwarder writes (spool, dead letters, dry-run) appears whole: it is written under a
        // hidden temporary name, which file consumers skip, and renamed when complete.
        context.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
            if (endpoint instanceof GenericFileEndpoint<?> file && file.getTempFileName() == null) {
                file.setTempPrefix(".writing-");
            }
            return endpoint;
        });
        try {
            context.addService(batcher, true, true);
            context.addService(rateLimit, true, true);
            context.addStartupListener((started, alreadyStarted) -> {
                logSummary(properties, writeKey, registry.findSingleByType(ConsoleSettings.class));
                if (Boolean.parseBoolean(setting(properties, "camel.server.enabled"))) {
                    OversizeBodyAnswer.install(started, Integer.parseInt(setting(properties, "camel.server.port")),
                            Long.parseLong(setting(properties, "forwarder.intake.maxBodyBytes")));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the start-up steps", e);
        }
    }

    /**
     * forwarder.projects.<slug-or-id>.{writeKey,baseUrl,enabled}: the projects are those named in the properties;
     * each value is then resolved like any setting, so FORWARDER_PROJECTS_<SLUG>_WRITEKEY overrides it.
     */
    private static Map<String, SegmentDestinations.ProjectSettings> projectSettings(PropertiesComponent properties) {
        Set<String> names = new TreeSet<>();
        for (String key : properties.loadProperties(k -> k.startsWith(PROJECTS)).stringPropertyNames()) {
            String rest = key.substring(PROJECTS.length());
            if (rest.lastIndexOf('.') > 0) {
                names.add(rest.substring(0, rest.lastIndexOf('.')));
            }
        }
        Map<String, SegmentDestinations.ProjectSettings> projects = new HashMap<>();
        for (String name : names) {
            String prefix = PROJECTS + name + ".";
            projects.put(name, new SegmentDestinations.ProjectSettings(
                    properties.resolveProperty(prefix + "writeKey").orElse(null),
                    properties.resolveProperty(prefix + "baseUrl").orElse(null),
                    !"false".equalsIgnoreCase(properties.resolveProperty(prefix + "enabled").orElse("true").trim())));
        }
        return projects;
    }

    /** camel-jms picks up the one ConnectionFactory in the registry; none is made without a broker URL. */
    private static void bindJmsConnectionFactory(PropertiesComponent properties, Registry registry) {
        String brokerUrl = setting(properties, "forwarder.jms.brokerUrl");
        if (!brokerUrl.isBlank()) {
            String user = setting(properties, "forwarder.jms.username");
            registry.bind("jmsConnectionFactory", user.isBlank() ? new ActiveMQConnectionFactory(brokerUrl)
                    : new ActiveMQConnectionFactory(brokerUrl, user, setting(properties, "forwarder.jms.password")));
        }
    }

    private static void logSummary(PropertiesComponent properties, String writeKey, ConsoleSettings console) {
        String dataDir = setting(properties, "forwarder.dataDir");
        if (writeKey.isBlank()) {
            LOG.warn("DRY-RUN: no segment.writeKey (or SEGMENT_WRITEKEY) is set; Segment messages are written to {}/dry-run/ and not sent",
                    dataDir);
        }
        String management = Boolean.parseBoolean(setting(properties, "camel.management.enabled"))
                ? "health, metrics and Jolokia under http://localhost:" + setting(properties, "camel.management.port")
                        + "/observe/"
                : "no management server";
        LOG.info("Forwarding Sentry events from {} to {} (write key {}) at most {} requests/s; data in {}; "
                        + "HTTP intake POST http://localhost:{}/sentry/events; {}; {}",
                URISupport.sanitizeUri(setting(properties, "forwarder.source")),
                writeKey.isBlank() ? "dry-run" : setting(properties, "segment.baseUrl"),
                Secrets.masked(writeKey), setting(properties, "forwarder.throttle.rate"), dataDir,
                setting(properties, "camel.server.port"), management, console.describe());
    }
}
