package io.github.forwarder.ops;

import static io.github.forwarder.Settings.setting;

import io.github.forwarder.ForwarderDefaults;
import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.intake.IntakeStoreHealth;
import io.github.forwarder.ops.console.ConsoleCredentials;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.ops.console.HawtioConsole;
import io.github.forwarder.ops.console.JolokiaCredentialsCheck;
import io.github.forwarder.ops.steering.ForwarderSteering;
import io.github.forwarder.ops.steering.JolokiaWithCallers;
import io.github.forwarder.shared.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds what operators see: metrics, readiness checks, and the console's and Jolokia's credentials. */
public class OperationsConfiguration implements CamelConfiguration {

    private static final String CAMEL_METER_REGISTRY = "metricsRegistry";
    private static final Logger LOG = LoggerFactory.getLogger(OperationsConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        ForwarderDefaults.addTo(properties);
        Registry registry = context.getRegistry();
        Supplier<Instant> clock = Instant::now;
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new LogLabels());

        String sourceScheme = setting(properties, "forwarder.source").split(":", 2)[0];
        MeterRegistry meters = meterRegistry(registry);
        ForwarderMetrics metrics = new ForwarderMetrics(meters, Set.of("http", sourceScheme));
        DeadLetterStore deadLetters = new DeadLetterStore(
                Path.of(setting(properties, "forwarder.dataDir"), "dead-letter"), clock);
        SegmentRateLimit rateLimit = registry.lookupByNameAndType("segmentRateLimit", SegmentRateLimit.class);
        metrics.gauges(rateLimit::waiting, deadLetters::count, () -> isReady(context) ? 1 : 0);
        registry.bind("forwarderEventCounts", new EventCounts(metrics, deadLetters));
        addSteering(context, new ForwarderSteering(context, rateLimit, deadLetters,
                registry.lookupByNameAndType("forwarderDeadLetterReplay", DeadLetterReplay.class), meters));

        SegmentReachability segment = new SegmentReachability(clock);
        ManagementStrategy management = context.getManagementStrategy();
        management.addEventNotifier(new SegmentCallObserver(metrics, segment));
        management.addEventNotifier(new RetryObserver(metrics));
        registry.bind("segmentReadiness", new SegmentReadinessCheck(segment,
                millis(setting(properties, "forwarder.health.segmentFailingForMs")), clock));
        SharedRedis redis = registry.lookupByNameAndType("forwarderRedis", SharedRedis.class);
        if (redis != null) {
            registry.bind("forwarderRedisReadiness", new RedisReadinessCheck(redis, clock));
        }
        metrics.sharedState(rateLimit::waited, rateLimit::waitedSeconds, redis == null ? () -> 0 : redis::errors);
        IntakeStoreHealth store = registry.lookupByNameAndType("intakeStoreHealth", IntakeStoreHealth.class);
        metrics.storeFailures(sourceScheme, store == null ? () -> 0 : store::failedWrites);
        if (store != null) {
            registry.bind("intakeStoreReadiness", new IntakeStoreReadinessCheck(store, clock));
        }
        registry.bind("forwarderDeadLetterReadiness", new DeadLetterReadinessCheck(deadLetters,
                millis(setting(properties, "forwarder.health.deadLetterWindowMs")), clock));

        ConsoleCredentials credentials = ConsoleCredentials.of(setting(properties, "forwarder.console.user"),
                setting(properties, "forwarder.console.password"));
        ConsoleSettings console = new ConsoleSettings(
                Boolean.parseBoolean(setting(properties, "forwarder.console.enabled")),
                setting(properties, "forwarder.console.host"),
                Integer.parseInt(setting(properties, "forwarder.console.port")), credentials);
        registry.bind("forwarderConsoleCredentials", credentials);
        registry.bind("forwarderConsoleSettings", console);
        JolokiaCredentialsCheck.install(context, credentials);
        if (console.enabled()) {
            addConsole(context, console);
        }
    }

    /** The forwarder's MBean, and Jolokia telling it who calls (unless the application brought its own Jolokia). */
    private static void addSteering(CamelContext context, ForwarderSteering steering) {
        if (context.getRegistry().lookupByName(JolokiaPlatformHttpPlugin.NAME) == null) {
            context.getRegistry().bind(JolokiaPlatformHttpPlugin.NAME, new JolokiaWithCallers());
        }
        try {
            context.addService(steering, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the forwarder's MBean", e);
        }
    }

    /** The console comes with the runnable jar only: an embedding application has neither Jetty nor the war. */
    private static void addConsole(CamelContext context, ConsoleSettings console) {
        if (OperationsConfiguration.class.getResource("/hawtio/hawtio.war") == null
                || OperationsConfiguration.class.getResource("/org/eclipse/jetty/webapp/WebAppContext.class") == null) {
            LOG.warn("Hawtio console not started: only the runnable jar has it; set forwarder.console.enabled=false");
            return;
        }
        try {
            context.addService(new HawtioConsole(console));
        } catch (Exception e) {
            throw new IllegalStateException("could not add the console", e);
        }
    }

    /** The registry /observe/metrics scrapes: Camel's when Camel made it already, else one Camel will use. */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(CAMEL_METER_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(CAMEL_METER_REGISTRY, meters);
        }
        return meters;
    }

    /** Judged as /observe/health/ready judges it: Camel's readiness checks, ours included, all UP. */
    private static boolean isReady(CamelContext context) {
        return context.isStarted() && HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(context), true);
    }

    private static Duration millis(String setting) {
        return Duration.ofMillis(Long.parseLong(setting));
    }
}
