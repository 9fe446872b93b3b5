package io.github.forwarder.configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.ForwarderVersion;
import io.github.forwarder.chunk.ChunkReader;
import io.github.forwarder.chunk.ChunkSteps;
import io.github.forwarder.chunk.ClaimWaits;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.files.WholeFileWrites;
import io.github.forwarder.intake.IntakeGates;
import io.github.forwarder.intake.IntakeHttpEngine;
import io.github.forwarder.intake.IntakeInspector;
import io.github.forwarder.intake.IntakeSpool;
import io.github.forwarder.intake.IntakeVerdict;
import io.github.forwarder.intake.OversizeBodyAnswer;
import io.github.forwarder.intake.SentrySignatures;
import io.github.forwarder.intake.SpoolGroupWriter;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.ops.ForwarderMetrics;
import io.github.forwarder.ops.IntakeStoreReadinessCheck;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.SentryEventReader;
import io.github.forwarder.source.ReadAhead;
import io.github.forwarder.source.SourceBackpressure;
import io.github.forwarder.source.SourceFiles;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpConstants;

/**
 * Binds the way in: the HTTP intake's inspector, the store of accepted events (forwarder.source), and the forwarding
 * route's steps that read it back (reading, filtering, claiming and shaping a batch of events).
 */
public class IntakeConfiguration extends AreaConfiguration {

    @PropertyInject("forwarder.source")
    String source;
    @PropertyInject("forwarder.dataDir")
    String dataDir;
    @PropertyInject("forwarder.spool.sync")
    boolean spoolSync;
    @PropertyInject("forwarder.intake.maxBodyBytes")
    long maxBodyBytes;
    @PropertyInject("forwarder.batch.events")
    int batchEvents;
    @PropertyInject("forwarder.concurrency")
    int concurrency;
    @PropertyInject("forwarder.filter.includeExceptionTypes")
    String includeExceptionTypes;
    @PropertyInject("forwarder.filter.excludeExceptionTypes")
    String excludeExceptionTypes;
    @PropertyInject("sentry.webhookSecret")
    String webhookSecret;
    @PropertyInject("sentry.webhookToken")
    String webhookToken;
    @PropertyInject("forwarder.identify.enabled")
    boolean identifyEnabled;
    // Camel Main's HTTP server (camel.server.*); a Spring Boot host serves the intake on its own (its starter answers
    // 413 and 503 there), and has neither setting.
    @PropertyInject(value = "camel.server.enabled", defaultValue = "false")
    boolean intakeServer;
    @PropertyInject(value = "camel.server.port", defaultValue = "-1")
    int intakePort;

    @BeanInject
    ForwarderMetrics metrics;

    private final ObjectMapper mapper = new ObjectMapper();
    private final SentryEventReader reader = new SentryEventReader(mapper);
    // What the bind methods made that configure() starts: the group writer of a folder or jms: source, else null.
    private SpoolGroupWriter spool;

    @BindToRegistry("sentryIntakeInspector")
    public IntakeInspector sentryIntakeInspector(SegmentDestinations destinations, EventCounts counts) {
        return new IntakeInspector(new SentrySignatures(webhookSecret, webhookToken), reader, filter(destinations),
                mapper, counts);
    }

    /** The intake route's choice: the request's event is accepted for forwarding. */
    @BindToRegistry("acceptedEvent")
    public Predicate acceptedEvent() {
        return exchange -> IntakeVerdict.of(exchange).isAccepted();
    }

    /** The intake route's choice: the request's event is filtered (answered 202 with the reason). */
    @BindToRegistry("filteredEvent")
    public Predicate filteredEvent() {
        return exchange -> IntakeVerdict.of(exchange).isFiltered();
    }

    /**
     * A folder or a jms: queue takes the intake's events in groups, one file or message per group;
     * receive-sentry-webhooks hands them to any other source one by one, and never calls the spool.
     */
    @BindToRegistry("intakeSpool")
    public IntakeSpool intakeSpool() {
        spool = source.startsWith("file:") || source.startsWith("jms:")
                ? new SpoolGroupWriter(getCamelContext(), source, spoolSync)
                : null;
        return new IntakeSpool(spool, (int) Math.min(Integer.MAX_VALUE, maxBodyBytes));
    }

    /** Camel Main's server: no thread waits for the intake's store. A Spring Boot host serves the intake itself. */
    @BindToRegistry(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME)
    public IntakeHttpEngine intakeHttpEngine() {
        return intakeServer ? new IntakeHttpEngine() : null;
    }

    /** Only for a spool that stores: whether its writes succeed. */
    @BindToRegistry("intakeStoreReadiness")
    public IntakeStoreReadinessCheck intakeStoreReadiness(IntakeSpool intakeSpool) {
        return intakeSpool.stores() ? new IntakeStoreReadinessCheck(spool.health(), Instant::now) : null;
    }

    @BindToRegistry("chunkReader")
    public ChunkReader chunkReader() {
        return new ChunkReader(mapper, batchEvents, (int) Math.min(Integer.MAX_VALUE, maxBodyBytes),
                ReadAhead.ofHeap());
    }

    @BindToRegistry("sentrySourceFiles")
    public SourceFiles sentrySourceFiles() {
        return new SourceFiles();
    }

    @BindToRegistry("sourceBackpressure")
    public SourceBackpressure sourceBackpressure() {
        return new SourceBackpressure(concurrency);
    }

    /** The forwarding route's steps, each a loop over a batch of events. */
    @BindToRegistry("chunkSteps")
    public ChunkSteps chunkSteps(SegmentDestinations destinations, IdentifyMessageBuilder identifies,
            SegmentCalls calls, @BeanInject("deliveredSentryEvents") DeliveryClaims deliveredEvents,
            @BeanInject("identifiedSentryUsers") DeliveryClaims identifiedUsers, ClaimWaits claimWaits,
            EventCounts counts) {
        return new ChunkSteps(reader, filter(destinations), destinations,
                new TrackMessageBuilder(mapper, ForwarderVersion.get(), Instant::now), identifies, calls,
                deliveredEvents, identifiedUsers, claimWaits, counts, identifyEnabled);
    }

    private ForwardingFilter filter(SegmentDestinations destinations) {
        return new ForwardingFilter(includeExceptionTypes, excludeExceptionTypes, destinations::isEnabled);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getCamelContextExtension().registerEndpointCallback(new WholeFileWrites(Path.of(dataDir), source));
        metrics.storeFailures(source.split(":", 2)[0], spool == null ? () -> 0 : spool.health()::failedWrites);
        if (spool != null) {
            context.addService(spool, true, true); // stopped after the routes: what they admitted is written
        }
        if (intakeServer) {
            IntakeGates.install(context, intakePort, maxBodyBytes);
            context.addStartupListener((started, alreadyStarted) -> {
                if (!alreadyStarted) {
                    OversizeBodyAnswer.install(started, intakePort, maxBodyBytes);
                }
            });
        }
    }
}
