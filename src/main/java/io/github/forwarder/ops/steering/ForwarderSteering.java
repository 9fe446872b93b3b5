package io.github.forwarder.ops.steering;

import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.ops.DeadLetterStore;
import io.github.forwarder.ops.ForwarderMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's controls, registered as {@value #NAME} while the forwarder runs. Pausing suspends the routes that
 * take events from forwarder.source and from the replay folder: nothing in flight is cut short, and what the intake
 * stores meanwhile waits at the source. Every change is logged at INFO with who made it.
 */
public final class ForwarderSteering extends ServiceSupport implements ForwarderMBean {

    public static final String NAME = "io.github.forwarder:type=Forwarder";
    private static final Logger LOG = LoggerFactory.getLogger(ForwarderSteering.class);
    /** The routes that take new events. */
    private static final List<String> TAKING_ROUTES = List.of("forward-sentry-events", "replay-dead-letters");

    private final CamelContext context;
    private final SegmentRateLimit rateLimit;
    private final DeadLetterStore deadLetters;
    private final DeadLetterReplay replay;
    private final MeterRegistry meters;
    private final EventsInFlight events;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private volatile boolean paused;

    public ForwarderSteering(CamelContext context, SegmentRateLimit rateLimit, DeadLetterStore deadLetters,
            DeadLetterReplay replay, MeterRegistry meters, EventsInFlight events) {
        this.context = context;
        this.rateLimit = rateLimit;
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.meters = meters;
        this.events = events;
    }

    @Override
    public int getThrottleRate() {
        return rateLimit.rate();
    }

    @Override
    public void setThrottleRate(int rate) {
        int before = rateLimit.rate();
        rateLimit.setRate(rate);
        LOG.info("{} set the Segment rate from {} to {} requests/s", Callers.current(), before, rate);
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public int getInFlight() {
        return events.inFlight();
    }

    @Override
    public long getDeadLetters() {
        return deadLetters.count();
    }

    @Override
    public long getForwarded() {
        return (long) meters.find(ForwarderMetrics.FORWARDED).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public synchronized void pause() {
        forEachTakingRoute("pause", context.getRouteController()::suspendRoute);
        paused = true;
        LOG.info("{} paused delivery: the intake keeps accepting and storing events; {} in flight finish",
                Callers.current(), getInFlight());
    }

    @Override
    public synchronized void resume() {
        forEachTakingRoute("resume", context.getRouteController()::resumeRoute);
        paused = false;
        LOG.info("{} resumed delivery", Callers.current());
    }

    /** A route controller step (suspend, resume) for each route that takes new events. */
    private interface RouteStep {
        void apply(String routeId) throws Exception;
    }

    private void forEachTakingRoute(String what, RouteStep step) {
        try {
            for (String route : TAKING_ROUTES) {
                step.apply(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not " + what + " delivery: " + e.getMessage(), e);
        }
    }

    @Override
    public int replayDeadLetters() {
        try {
            int replaying = replay.replayAll();
            LOG.info("{} replayed {} dead letters", Callers.current(), replaying);
            return replaying;
        } catch (IOException e) {
            throw new UncheckedIOException("could not replay the dead letters", e);
        }
    }

    @Override
    protected void doStart() throws JMException {
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            // another forwarder in this JVM (tests, an embedding host): the newest one answers
            server.unregisterMBean(name);
        }
        server.registerMBean(new StandardMBean(this, ForwarderMBean.class), name);
    }

    @Override
    protected void doStop() throws JMException {
        ObjectName name = new ObjectName(NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
