package io.github.forwarder.intake;

import io.github.forwarder.sentry.StoredEventLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the intake's store: the spool folder ({@link SpoolAppendFiles}: groups appended to a file that
 * is published every few ms), or a jms: queue (one message per group). One thread writes; the events that arrive
 * while it writes a group collect into the next one, written as soon as it is free. So at low load an event is
 * written at once, alone, and under load one write (one sync, or one message and one commit) carries many events.
 * Each request waits for its own group's outcome: stored, or the write's failure, which every request of that
 * group then answers. Each outcome is reported to the store's {@link IntakeStoreHealth}; while writes fail and no
 * event comes, a probe every {@value #PROBE_EVERY_SECONDS} s tells when the store writes again, so a forwarder a
 * load balancer left for not being ready comes back by itself.
 */
public final class SpoolGroupWriter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolGroupWriter.class);

    /** A group closes at this many events or bytes: one JMS message stays a size a broker takes. */
    static final int MAX_GROUP_EVENTS = 256;
    static final int MAX_GROUP_BYTES = 8 << 20;
    /** As often as the intake's 503 asks Sentry to retry (Retry-After). */
    static final int PROBE_EVERY_SECONDS = 5;

    /**
     * One accepted event waiting for its group, as the parts its line is written in; alone, it gets a file (or
     * message) of its own.
     */
    private record Pending(byte[][] parts, int bytes, boolean alone, CompletableFuture<Void> stored) {
    }

    private static final Pending STOP = new Pending(new byte[0][], 0, true, null);

    private final CamelContext context;
    private final String source;
    private final boolean sync;
    private final IntakeStoreHealth health = new IntakeStoreHealth();
    /** Lock-free: the requests that add to it never wait for one another, nor for the writer taking from it. */
    private final BlockingQueue<Pending> queue = new LinkedTransferQueue<>();
    private volatile boolean accepting;
    private GroupStore groups;
    private ProducerTemplate producer;
    private Thread writer;

    /** @param source forwarder.source: a file: endpoint URI (its folder is the spool) or a jms: queue. */
    public SpoolGroupWriter(CamelContext context, String source, boolean sync) {
        this.context = context;
        this.source = source;
        this.sync = sync;
    }

    /** Whether the store writes: read by readiness, the metrics and nothing else. */
    public IntakeStoreHealth health() {
        return health;
    }

    /**
     * Completes once the event is in the spool folder's open file (with sync, synced), or in a message the broker
     * acknowledged.
     */
    public CompletableFuture<Void> store(byte[][] parts, boolean alone) {
        Pending pending = new Pending(parts, StoredEventLine.length(parts), alone, new CompletableFuture<>());
        queue.add(pending);
        // Added after a stop's STOP, it would never be taken: the writer ends there. Whichever of this and the
        // writer takes it from the queue answers it.
        if (!accepting && queue.remove(pending)) {
            pending.stored().completeExceptionally(new IllegalStateException("the intake's spool is stopped"));
        }
        return pending.stored();
    }

    @Override
    protected void doStart() {
        if (source.startsWith("file:")) {
            GenericFileEndpoint<?> endpoint = context.getEndpoint(source, GenericFileEndpoint.class);
            groups = new SpoolAppendFiles(Path.of(endpoint.getConfiguration().getDirectory()), endpoint.isAutoCreate(),
                    sync);
        } else {
            producer = context.createProducerTemplate();
            groups = new JmsGroupMessages(producer, source);
        }
        accepting = true;
        writer = new Thread(this::writeGroups, context.getExecutorServiceManager().resolveThreadName("intake spool"));
        writer.setDaemon(true); // never what keeps a JVM alive: a stop drains it first (doStop)
        writer.start();
    }

    /** After the intake route stopped: what was admitted is written and handed on, then the thread ends. */
    @Override
    protected void doStop() throws InterruptedException {
        accepting = false; // before STOP: an event added after STOP sees it, and is refused (store)
        queue.add(STOP);
        if (writer != null) { // null when its start failed
            writer.join();
        }
        if (producer != null) {
            producer.stop();
        }
    }

    private void writeGroups() {
        try {
            Pending next = nextOrProbe();
            while (next != STOP) {
                List<Pending> group = new ArrayList<>(List.of(next));
                next = next.alone() ? null : collectInto(group);
                write(group);
                tendIfDue();
                if (next == null) {
                    next = nextOrProbe();
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            queue.forEach(left -> fail(List.of(left), stopping));
        } finally {
            groups.close();
        }
    }

    /**
     * The next event. Meanwhile the store's own work when due, and while the store fails, a probe each time none
     * came for {@value #PROBE_EVERY_SECONDS} s.
     */
    private Pending nextOrProbe() throws InterruptedException {
        Pending next;
        long probeAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_EVERY_SECONDS);
        while ((next = queue.poll(untilNextTask(probeAt), TimeUnit.NANOSECONDS)) == null) {
            tendIfDue();
            if (health.isFailing() && System.nanoTime() - probeAt >= 0) {
                probeAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_EVERY_SECONDS);
                try {
                    if (groups.probe()) {
                        health.stored(groups.name());
                    }
                } catch (Exception stillFailing) {
                    health.probeFailed(groups.name(), stillFailing);
                }
            }
        }
        return next;
    }

    /** Never lets a failure end the thread: the store's next look does the work again. */
    private void tendIfDue() {
        if (groups.nanosUntilDue() <= 0) {
            try {
                groups.tend();
            } catch (RuntimeException failed) {
                LOG.warn("The intake's store {} could not do its work between writes: {}", groups.name(),
                        failed.toString());
            }
        }
    }

    private long untilNextTask(long probeAt) {
        long store = groups.nanosUntilDue();
        return health.isFailing() ? Math.min(store, probeAt - System.nanoTime()) : store;
    }

    /** Takes what is waiting into the group, up to its limits; answers the first entry that must wait. */
    private Pending collectInto(List<Pending> group) {
        int bytes = group.get(0).bytes();
        while (group.size() < MAX_GROUP_EVENTS && bytes < MAX_GROUP_BYTES) {
            Pending waiting = queue.poll();
            if (waiting == null || waiting.alone()) {
                return waiting;
            }
            group.add(waiting);
            bytes += waiting.bytes();
        }
        return null;
    }

    /** Never lets a failure end the thread: every request of the group gets its answer either way. */
    private void write(List<Pending> group) {
        try {
            if (group.get(0).alone()) {
                groups.writeAlone(group.get(0).parts()[0]);
            } else {
                groups.write(group.stream().flatMap(pending -> Arrays.stream(pending.parts())).toList());
            }
            health.stored(groups.name()); // before the 202s: readiness is UP again when they leave
            group.forEach(stored -> stored.stored().complete(null));
        } catch (Throwable failed) {
            health.failed(groups.name(), failed, group.size()); // before the 503s: readiness DOWN when they leave
            fail(group, failed);
        }
    }

    private static void fail(List<Pending> group, Throwable failure) {
        group.stream().filter(pending -> pending != STOP).forEach(pending -> pending.stored()
                .completeExceptionally(failure));
    }
}
