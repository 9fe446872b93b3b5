package io.github.forwarder.configuration;

import io.github.forwarder.dedupe.RedisIfSet;
import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.ops.DeadLetterReadinessCheck;
import io.github.forwarder.ops.DeadLetterStore;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.ops.JsonAnswers;
import io.github.forwarder.ops.ForwarderMetrics;
import io.github.forwarder.ops.LogLabels;
import io.github.forwarder.ops.RedisReadinessCheck;
import io.github.forwarder.ops.RetryObserver;
import io.github.forwarder.ops.SegmentCallObserver;
import io.github.forwarder.ops.SegmentReachability;
import io.github.forwarder.ops.SegmentReadinessCheck;
import io.github.forwarder.ops.StartUpSummary;
import io.github.forwarder.ops.console.ConsoleCredentials;
import io.github.forwarder.ops.console.ConsoleSettings;
import io.github.forwarder.ops.console.HawtioConsole;
import io.github.forwarder.ops.console.JolokiaCredentialsCheck;
import io.github.forwarder.ops.steering.EventsInFlight;
import io.github.forwarder.ops.steering.ForwarderSteering;
import io.github.forwarder.ops.steering.JolokiaWithCallers;
import io.github.forwarder.segment.SegmentDestinations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds what operators see: metrics and the event counts, readiness checks, the Forwarder MBean, the console's and
 * Jolokia's credentials, and the start-up summary.
 */
public class OperationsConfiguration extends AreaConfiguration {

    private static final String CAMEL_METER_REGISTRY = "metricsRegistry";
    private static final Logger LOG = LoggerFactory.getLogger(OperationsConfiguration.class);

    @PropertyInject("forwarder.source")
    String source;
    @PropertyInject("forwarder.dataDir")
    String dataDir;
    @PropertyInject("forwarder.health.segmentFailingForMs")
    long segmentFailingForMs;
    @PropertyInject("forwarder.health.deadLetterWindowMs")
    long deadLetterWindowMs;
    @PropertyInject("forwarder.console.enabled")
    boolean consoleEnabled;
    @PropertyInject("forwarder.console.host")
    String consoleHost;
    @PropertyInject("forwarder.console.port")
    int consolePort;
    @PropertyInject("forwarder.console.user")
    String consoleUser;
    @PropertyInject("forwarder.console.password")
    String consolePassword;

    @BeanInject
    SegmentRateLimit rateLimit;
    @BeanInject
    DeadLetterReplay replay;
    @BeanInject
    RedisIfSet shared;

    // What the bind methods made that configure() wires in.
    private MeterRegistry meters;
    private ForwarderMetrics metrics;
    private DeadLetterStore deadLetters;
    private SegmentReachability segment;
    private ConsoleSettings console;
    private StartUpSummary summary;

    @BindToRegistry("forwarderMetrics")
    public ForwarderMetrics forwarderMetrics() {
        meters = meterRegistry(getCamelContext().getRegistry());
        metrics = new ForwarderMetrics(meters, Set.of("http", sourceScheme()));
        return metrics;
    }

    @BindToRegistry("forwarderDeadLetterStore")
    public DeadLetterStore forwarderDeadLetterStore() {
        deadLetters = new DeadLetterStore(Path.of(dataDir, "dead-letter"), Instant::now);
        return deadLetters;
    }

    @BindToRegistry("forwarderEventCounts")
    public EventCounts forwarderEventCounts(ForwarderMetrics metrics, DeadLetterStore deadLetters) {
        return new EventCounts(metrics, deadLetters);
    }

    /** The last step of every HTTP route: the answer it decided. */
    @BindToRegistry("jsonAnswer")
    public JsonAnswers jsonAnswer() {
        return new JsonAnswers();
    }

    @BindToRegistry("segmentReachability")
    public SegmentReachability segmentReachability() {
        segment = new SegmentReachability(Instant::now);
        return segment;
    }

    @BindToRegistry("segmentReadiness")
    public SegmentReadinessCheck segmentReadiness(SegmentReachability segment) {
        return new SegmentReadinessCheck(segment, Duration.ofMillis(segmentFailingForMs), Instant::now);
    }

    @BindToRegistry("forwarderRedisReadiness")
    public RedisReadinessCheck forwarderRedisReadiness() {
        return shared.isSet() ? new RedisReadinessCheck(shared.redis(), Instant::now) : null;
    }

    @BindToRegistry("forwarderDeadLetterReadiness")
    public DeadLetterReadinessCheck forwarderDeadLetterReadiness(DeadLetterStore deadLetters) {
        return new DeadLetterReadinessCheck(deadLetters, Duration.ofMillis(deadLetterWindowMs), Instant::now);
    }

    @BindToRegistry("forwarderConsoleCredentials")
    public ConsoleCredentials forwarderConsoleCredentials() {
        return ConsoleCredentials.of(consoleUser, consolePassword);
    }

    @BindToRegistry("forwarderConsoleSettings")
    public ConsoleSettings forwarderConsoleSettings(ConsoleCredentials credentials) {
        console = new ConsoleSettings(consoleEnabled, consoleHost, consolePort, credentials);
        return console;
    }

    @BindToRegistry("forwarderStartUpSummary")
    public StartUpSummary forwarderStartUpSummary(SegmentDestinations destinations, ConsoleSettings console) {
        summary = new StartUpSummary(getCamelContext().getPropertiesComponent(), destinations, console,
                shared.redis());
        return summary;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // The log lines name their route: set where a route or thread changes, not copied at every step.
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new LogLabels());
        metrics.gauges(rateLimit::waiting, deadLetters::count, () -> isReady(context) ? 1 : 0);
        metrics.sharedState(rateLimit::waited, rateLimit::waitedSeconds,
                shared.isSet() ? shared.redis()::errors : () -> 0);
        ManagementStrategy management = context.getManagementStrategy();
        management.addEventNotifier(new SegmentCallObserver(metrics, segment));
        management.addEventNotifier(new RetryObserver(metrics));
        // The forwarder's MBean, and Jolokia telling it who calls (unless the application brought its own Jolokia).
        if (context.getRegistry().lookupByName(JolokiaPlatformHttpPlugin.NAME) == null) {
            context.getRegistry().bind(JolokiaPlatformHttpPlugin.NAME, new JolokiaWithCallers());
        }
        // Bound by the intake's configuration, which comes after this one: every bean is bound before configure().
        EventsInFlight inFlight = context.getRegistry().findSingleByType(EventsInFlight.class);
        context.addService(new ForwarderSteering(context, rateLimit, deadLetters, replay, meters, inFlight),
                true, true);
        JolokiaCredentialsCheck.install(context, console.credentials());
        if (console.enabled()) {
            addConsole(context, console);
        }
        context.addStartupListener(summary);
    }

    private String sourceScheme() {
        return source.split(":", 2)[0];
    }

    /** The console comes with the runnable jar only: an embedding application has neither Jetty nor the war. */
    private static void addConsole(CamelContext context, ConsoleSettings console) throws Exception {
        if (OperationsConfiguration.class.getResource("/hawtio/hawtio.war") == null
                || OperationsConfiguration.class.getResource("/org/eclipse/jetty/webapp/WebAppContext.class") == null) {
            LOG.warn("Hawtio console not started: only the runnable jar has it; set forwarder.console.enabled=false");
            return;
        }
        context.addService(new HawtioConsole(console));
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
}
