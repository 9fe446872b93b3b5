package io.github.forwarder;

import static io.github.forwarder.Settings.setting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.delivery.DeadLetterEntries;
import io.github.forwarder.delivery.RetryAfter;
import io.github.forwarder.delivery.SegmentAttempts;
import io.github.forwarder.delivery.SegmentRetries;
import io.github.forwarder.intake.IntakeInspector;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.segment.SegmentWriteKey;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.SentryDocuments;
import io.github.forwarder.sentry.SentryEventReader;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the Java steps the routes call by name, from the settings in application.properties. */
public class ForwarderConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ForwarderConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        ObjectMapper mapper = new ObjectMapper();
        Supplier<Instant> clock = Instant::now;
        SentryEventReader reader = new SentryEventReader(mapper);
        ForwardingFilter filter = new ForwardingFilter(
                setting(properties, "forwarder.filter.includeExceptionTypes"),
                setting(properties, "forwarder.filter.excludeExceptionTypes"));
        SegmentWriteKey writeKey = new SegmentWriteKey(setting(properties, "segment.writeKey"));

        Registry registry = context.getRegistry();
        registry.bind("sentryDocuments", new SentryDocuments(mapper));
        registry.bind("sentryEventReader", reader);
        registry.bind("forwardingFilter", filter);
        registry.bind("intakeInspector", new IntakeInspector(reader, filter, mapper));
        registry.bind("trackMessageBuilder", new TrackMessageBuilder(mapper, ForwarderVersion.get(), clock));
        registry.bind("segmentWriteKey", writeKey);
        registry.bind("segmentRetries", new SegmentRetries(
                Integer.parseInt(setting(properties, "forwarder.redelivery.maximumRedeliveries"))));
        registry.bind("retryAfter", new RetryAfter(
                Long.parseLong(setting(properties, "forwarder.redelivery.maximumRetryAfterMs")), clock));
        registry.bind("segmentAttempts", new SegmentAttempts());
        registry.bind("deadLetterEntries", new DeadLetterEntries(mapper, clock));
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
            context.addStartupListener((started, alreadyStarted) -> logSummary(properties, writeKey,
                    registry.findSingleByType(ConsoleSettings.class)));
        } catch (Exception e) {
            throw new IllegalStateException("could not register the start-up summary", e);
        }
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

    private static void logSummary(PropertiesComponent properties, SegmentWriteKey writeKey, ConsoleSettings console) {
        String dataDir = setting(properties, "forwarder.dataDir");
        if (writeKey.isDryRun()) {
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
                writeKey.isDryRun() ? "dry-run" : setting(properties, "segment.baseUrl"),
                writeKey.masked(), setting(properties, "forwarder.throttle.rate"), dataDir,
                setting(properties, "camel.server.port"), management, console.describe());
    }
}
