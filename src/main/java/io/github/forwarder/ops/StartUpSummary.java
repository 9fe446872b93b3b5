package io.github.forwarder.ops;

import static io.github.forwarder.Settings.setting;

import io.github.forwarder.Secrets;
import io.github.forwarder.intake.IntakeHttpEngine;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.redis.RedisConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line a start prints: what is configured (source, Segment URL or dry-run, the masked write key, the rate,
 * the data folder, the intake, management and console URLs, each project), once the forwarder has started.
 */
public final class StartUpSummary implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartUpSummary.class);

    private final PropertiesComponent properties;
    private final SegmentDestinations destinations;
    private final ConsoleSettings console;
    private final RedisConnection redis;

    /** @param redis null when forwarder.redis.url is not set */
    public StartUpSummary(PropertiesComponent properties, SegmentDestinations destinations, ConsoleSettings console,
            RedisConnection redis) {
        this.properties = properties;
        this.destinations = destinations;
        this.console = console;
        this.redis = redis;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (!alreadyStarted) { // else a route started (or resumed) later, not the forwarder
            log();
        }
    }

    void log() {
        String writeKey = setting(properties, "segment.writeKey");
        String dataDir = setting(properties, "forwarder.dataDir");
        if (writeKey.isBlank()) {
            LOG.warn("DRY-RUN: no segment.writeKey (or SEGMENT_WRITEKEY) is set; Segment messages are written to {}/dry-run/ and not sent",
                    dataDir);
        }
        String management = Boolean.parseBoolean(setting(properties, "camel.management.enabled"))
                ? "health, metrics and Jolokia under http://localhost:" + setting(properties, "camel.management.port")
                        + "/observe/"
                : "no management server";
        // Camel Main's HTTP server (camel.server.*); a Spring Boot host serves the intake on its own.
        String intake = Boolean.parseBoolean(setting(properties, "camel.server.enabled"))
                ? "http://localhost:" + setting(properties, "camel.server.port") + IntakeHttpEngine.PATH
                : IntakeHttpEngine.PATH + " on the application's HTTP server";
        LOG.info("Forwarding Sentry events from {} to {} (write key {}) at most {} requests/s{}; data in {}; "
                        + "HTTP intake POST {}; {}; {}; {}",
                URISupport.sanitizeUri(setting(properties, "forwarder.source")),
                writeKey.isBlank() ? "dry-run" : setting(properties, "segment.baseUrl"),
                Secrets.masked(writeKey), setting(properties, "forwarder.throttle.rate"),
                redis == null ? "" : " shared with every forwarder on Redis " + redis.describe()
                        + " (with the delivered ids)", dataDir,
                intake, management, console.describe(), destinations.describeProjects());
    }
}
