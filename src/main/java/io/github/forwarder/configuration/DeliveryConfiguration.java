package io.github.forwarder.configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.ForwarderVersion;
import io.github.forwarder.chunk.ChunkDelivery;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.dedupe.RedisIfSet;
import io.github.forwarder.delivery.DeadLetterEntries;
import io.github.forwarder.delivery.DeadLetterReplay;
import io.github.forwarder.delivery.DepartureLog;
import io.github.forwarder.delivery.LocalDepartureLog;
import io.github.forwarder.delivery.RedisDepartureLog;
import io.github.forwarder.delivery.RetryAfter;
import io.github.forwarder.delivery.SegmentRateLimit;
import io.github.forwarder.delivery.SegmentRequests;
import io.github.forwarder.delivery.SegmentRetries;
import io.github.forwarder.delivery.SegmentSinkCalls;
import io.github.forwarder.redis.RedisConnection;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.ProjectSettingsReader;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Binds the Segment side: the destinations (the write key, per-project keys), the calls and their requests, the
 * rate, the retries and the dead-letter entries, and the replay of dead letters.
 */
public class DeliveryConfiguration extends AreaConfiguration {

    @PropertyInject("segment.writeKey")
    String writeKey;
    @PropertyInject("segment.baseUrl")
    String baseUrl;
    @PropertyInject("segment.debug")
    boolean debug;
    @PropertyInject("segment.batch.size")
    int batchSize;
    @PropertyInject("segment.batch.timeoutMs")
    long batchTimeoutMs;
    @PropertyInject("forwarder.throttle.rate")
    int rate;
    @PropertyInject("segment.connectTimeoutMs")
    long connectTimeoutMs;
    @PropertyInject("segment.responseTimeoutMs")
    long responseTimeoutMs;
    @PropertyInject("forwarder.redelivery.maximumRedeliveries")
    int maximumRedeliveries;
    @PropertyInject("forwarder.redelivery.maximumRetryAfterMs")
    long maximumRetryAfterMs;
    @PropertyInject("forwarder.dataDir")
    String dataDir;
    @PropertyInject("forwarder.admin.token")
    String adminToken;

    private final ObjectMapper mapper = new ObjectMapper();
    // What the bind methods made that configure() starts.
    private SegmentRequests batcher;
    private SegmentRateLimit rateLimit;

    @BindToRegistry("segmentDestinations")
    public SegmentDestinations segmentDestinations() {
        return new SegmentDestinations(writeKey, baseUrl, ProjectSettingsReader.read(getCamelContext().getPropertiesComponent()));
    }

    @BindToRegistry("segmentCalls")
    public SegmentCalls segmentCalls() {
        return new SegmentCalls(mapper, ForwarderVersion.get(), Instant::now);
    }

    @BindToRegistry("identifyMessageBuilder")
    public IdentifyMessageBuilder identifyMessageBuilder() {
        return new IdentifyMessageBuilder(mapper, ForwarderVersion.get());
    }

    @BindToRegistry("segmentRequests")
    public SegmentRequests segmentRequests(SegmentDestinations destinations) {
        batcher = new SegmentRequests(getCamelContext(), destinations, batchSize, batchTimeoutMs);
        return batcher;
    }

    @BindToRegistry("chunkDelivery")
    public ChunkDelivery chunkDelivery(SegmentRequests batcher,
            @BeanInject("deliveredSentryEvents") DeliveryClaims deliveredEvents,
            @BeanInject("identifiedSentryUsers") DeliveryClaims identifiedUsers) {
        return new ChunkDelivery(batcher, deliveredEvents, identifiedUsers, debug);
    }

    @BindToRegistry("segmentRetries")
    public SegmentRetries segmentRetries() {
        return new SegmentRetries(maximumRedeliveries);
    }

    @BindToRegistry("segmentRetryAfter")
    public RetryAfter segmentRetryAfter() {
        return new RetryAfter(maximumRetryAfterMs, Instant::now);
    }

    @BindToRegistry("segmentSinkCalls")
    public SegmentSinkCalls segmentSinkCalls(SegmentCalls calls, SegmentDestinations destinations) {
        return new SegmentSinkCalls(calls, destinations);
    }

    @BindToRegistry("forwarderDeadLetterEntries")
    public DeadLetterEntries forwarderDeadLetterEntries() {
        return new DeadLetterEntries(mapper, Instant::now);
    }

    @BindToRegistry("forwarderDeadLetterReplay")
    public DeadLetterReplay forwarderDeadLetterReplay(
            @BeanInject("deliveredSentryEvents") DeliveryClaims deliveredEvents, SegmentSinkCalls sinkCalls) {
        return new DeadLetterReplay(Path.of(dataDir), adminToken, deliveredEvents, mapper, sinkCalls);
    }

    // ---- The rate: one rule (DepartureLog), one step before each Segment request, which is also the HTTP
    // client configurer of the Segment endpoints (deliver-to-segment); with Redis shared by every forwarder. ----

    @BindToRegistry("segmentRateLimit")
    public SegmentRateLimit segmentRateLimit(RedisIfSet shared) {
        RedisConnection redis = shared.redis();
        // An entry never marked (its request neither left nor failed) counts for the HTTP timeouts and a window.
        long pendingCap = TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs + responseTimeoutMs)
                + DepartureLog.WINDOW_NANOS;
        rateLimit = new SegmentRateLimit(getCamelContext(), rate, redis == null
                ? new LocalDepartureLog(System::nanoTime, pendingCap) : new RedisDepartureLog(redis, pendingCap));
        return rateLimit;
    }

    // ---- end of the rate ----

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addService(batcher, true, true);
        context.addService(rateLimit, true, true); // the rate (segmentRateLimit above)
        context.addStartupListener((started, alreadyStarted) -> {
            if (!alreadyStarted) {
                // In the background, so readiness does not wait for it.
                Thread prepare = new Thread(batcher::prepareClients, "segment-client-prepare");
                prepare.setDaemon(true);
                prepare.start();
            }
        });
    }
}
