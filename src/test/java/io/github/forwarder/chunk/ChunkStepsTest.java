package io.github.forwarder.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.chunk.EventChunk.Event;
import io.github.forwarder.dedupe.ClaimHeldElsewhereException;
import io.github.forwarder.dedupe.DeliveryClaims;
import io.github.forwarder.dedupe.LocalDeliveryClaims;
import io.github.forwarder.dedupe.RememberedIds;
import io.github.forwarder.delivery.CallInFlight;
import io.github.forwarder.delivery.SegmentRequests;
import io.github.forwarder.delivery.SegmentRequestsInMemory;
import io.github.forwarder.delivery.SegmentRequestsInMemory.Request;
import io.github.forwarder.ops.DeadLetterStore;
import io.github.forwarder.ops.EventCounts;
import io.github.forwarder.ops.ForwarderMetrics;
import io.github.forwarder.segment.IdentifyMessageBuilder;
import io.github.forwarder.segment.SegmentCalls;
import io.github.forwarder.segment.SegmentDestinations;
import io.github.forwarder.segment.SegmentDestinations.ProjectSettings;
import io.github.forwarder.segment.TrackMessageBuilder;
import io.github.forwarder.sentry.ForwardingFilter;
import io.github.forwarder.sentry.SentryEventReader;
import io.github.forwarder.support.SentryFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of the forwarding route ({@link ChunkSteps}) on one chunk of Sentry events, without booting the
 * forwarder: read, filter, shape, send ({@link ChunkDelivery}), identify new users, and what goes on alone.
 * Real readers, builders and in-memory claims; Segment is {@link SegmentRequestsInMemory}.
 */
class ChunkStepsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Supplier<Instant> CLOCK = () -> Instant.parse("2026-12-06T12:00:00Z");
    /** mobile-api (service-hook-event-created.json) is off; project id 4508123400001 (checkout-web) has its own
     * key and region. */
    private static final SegmentDestinations PROJECTS = new SegmentDestinations("default-key", "http://segment.test",
            Map.of("mobile-api", new ProjectSettings(null, null, false),
                    "4508123400001", new ProjectSettings("checkout-key", "http://eu.segment.test", true)));
    private static final SegmentDestinations NO_PROJECTS = new SegmentDestinations("default-key",
            "http://segment.test", Map.of());
    private static final String MODERN = "5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b"; // sdk-event-modern.json, user 1
    private static final String PYTHON = "a3f1b6c2d4e5478f9a0b1c2d3e4f5a6b"; // sdk-event-python.json, user 7781

    @TempDir
    Path dir;
    private final SegmentRequestsInMemory segment;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<RememberedIds> stores = new ArrayList<>();
    private DeliveryClaims events;
    private LocalDeliveryClaims users;
    private Exchange exchange;
    private ChunkDelivery delivery;

    ChunkStepsTest() throws Exception {
        segment = new SegmentRequestsInMemory();
    }

    @AfterEach
    void stop() {
        segment.close();
        stores.forEach(ServiceHelper::stopService);
    }

    /** The steps as the forwarder binds them, with these destinations, excluded exception types and identify. */
    private ChunkSteps steps(SegmentDestinations destinations, String excludeTypes, boolean identify) {
        return steps(destinations, excludeTypes, identify, new LocalDeliveryClaims(remembered("event")));
    }

    private ChunkSteps steps(SegmentDestinations destinations, String excludeTypes, boolean identify,
            DeliveryClaims eventClaims) {
        events = eventClaims;
        users = new LocalDeliveryClaims(remembered("user"));
        exchange = new DefaultExchange(segment.context());
        SegmentRequests batcher = new SegmentRequests(segment.context(), destinations, 1, 1000);
        ServiceHelper.startService(batcher);
        delivery = new ChunkDelivery(batcher, events, users, false);
        EventCounts counts = new EventCounts(new ForwarderMetrics(meters, Set.of("file")),
                new DeadLetterStore(dir.resolve("dead-letters"), CLOCK));
        return new ChunkSteps(new SentryEventReader(JSON), new ForwardingFilter("", excludeTypes,
                destinations::isEnabled), destinations, new TrackMessageBuilder(JSON, "test", CLOCK),
                new IdentifyMessageBuilder(JSON, "test"), new SegmentCalls(JSON, "test", CLOCK), events, users,
                new ClaimWaits("file:" + dir.resolve("source"), Duration.ZERO), counts, identify);
    }

    private RememberedIds remembered(String ids) {
        RememberedIds store = new RememberedIds(dir.resolve(ids + "-ids.dat"), 1000);
        ServiceHelper.startService(store);
        stores.add(store);
        return store;
    }

    /** In-memory claims as a store shared with another forwarder answers, while that one holds these ids. */
    private record ClaimsSharedWithAnotherForwarder(DeliveryClaims here, Set<String> heldThere)
            implements DeliveryClaims {

        @Override
        public boolean tryClaim(String id) {
            return !heldThere.contains(id) && here.tryClaim(id);
        }

        @Override
        public Set<String> heldElsewhere(Collection<String> ids) {
            return ids.stream().filter(heldThere::contains).collect(Collectors.toSet());
        }

        @Override
        public void settle(String id, boolean deliveredNow) {
            here.settle(id, deliveredNow);
        }

        @Override
        public void settleDelivered(Collection<String> ids) {
            here.settleDelivered(ids);
        }

        @Override
        public void forget(String id) {
            here.forget(id);
        }
    }

    private static ByteBuffer fixture(String name) {
        return ByteBuffer.wrap(SentryFixtures.bytes(name));
    }

    private static ByteBuffer text(String document) {
        return ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8));
    }

    /** The route's first three steps on a chunk of these documents. */
    private EventChunk readFilterShape(ChunkSteps steps, ByteBuffer... documents) {
        EventChunk chunk = new EventChunk("a test chunk");
        for (int i = 0; i < documents.length; i++) {
            chunk.add(documents[i], documents.length == 1 ? 0 : i + 1);
        }
        steps.read(chunk, exchange);
        steps.filter(chunk);
        steps.shape(chunk);
        return chunk;
    }

    /** The route's delivery step, until every call of the chunk has Segment's answer. */
    private void deliver(EventChunk chunk) throws Exception {
        exchange.getMessage().setBody(chunk);
        CompletableFuture<Void> done = new CompletableFuture<>();
        delivery.process(exchange, sync -> done.complete(null));
        done.get(10, TimeUnit.SECONDS);
    }

    /** The end of the chunk's exchange (its completions run, as when the route finishes with it). */
    private static void end(Exchange exchange) {
        UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
    }

    private double filtered(String reason) {
        return meters.get(ForwarderMetrics.FILTERED).tag("reason", reason).counter().count();
    }

    private static JsonNode trackOf(Event event) throws IOException {
        return JSON.readTree(event.track.segment.json());
    }

    @Test
    void eachFixtureComesOutOfTheStepsAsTheManifestSays() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        JsonNode manifest = JSON.readTree(SentryFixtures.bytes("manifest.json"));
        List<String> names = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(name -> {
            if (manifest.get(name).isObject()) {
                names.add(name);
            }
        });

        EventChunk chunk = readFilterShape(steps, names.stream().map(ChunkStepsTest::fixture)
                .toArray(ByteBuffer[]::new));

        for (int i = 0; i < names.size(); i++) {
            JsonNode expected = manifest.get(names.get(i));
            Event event = chunk.events.get(i);
            assertThat(event.sentry.eventId()).as(names.get(i)).isEqualTo(expected.get("eventId").asText());
            if (expected.get("forwarded").asBoolean()) {
                assertThat(event.filterReason).as(names.get(i)).isNull();
                JsonNode track = trackOf(event);
                assertThat(track.get("messageId").asText()).isEqualTo("sentry-" + expected.get("eventId").asText());
                assertThat(track.get("userId").asText()).as(names.get(i)).isEqualTo(expected.get("userId").asText());
                assertThat(track.get("event").asText()).isEqualTo("Error Captured");
                assertThat(track.get("timestamp").asText()).as(names.get(i))
                        .isEqualTo(expected.get("timestamp").asText());
                assertThat(track.at("/properties/exceptionType").asText()).as(names.get(i))
                        .isEqualTo(expected.get("exceptionType").asText());
            } else {
                assertThat(event.filterReason).as(names.get(i)).isEqualTo(expected.get("filterReason").asText());
                assertThat(event.track).as(names.get(i)).isNull();
            }
        }
        assertThat(chunk.leftovers()).isEmpty();
    }

    @Test
    void anUnreadableDocumentKeepsItsReasonAndGoesOnAloneToBeDeadLettered() {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"), text("{\"event_id\": "),
                fixture("sdk-event-python.json"), text("[1, 2]"));

        assertThat(chunk.events).extracting(event -> event.track != null).containsExactly(true, false, true, false);
        List<CallInFlight> leftovers = chunk.leftovers();
        assertThat(leftovers).extracting(CallInFlight::input).containsExactly("{\"event_id\": ", "[1, 2]");
        assertThat(leftovers).allSatisfy(leftover -> {
            assertThat(leftover.call()).isNull();
            assertThat(leftover.claim()).isNull();
            assertThat(leftover.failure()).isNotNull();
            assertThat(leftover.failure().getMessage()).isNotBlank();
        });

        // goOnAlone gives deliver-call-alone no message and the reason: it dead-letters the input with it.
        Exchange alone = new DefaultExchange(segment.context());
        alone.getMessage().setBody(leftovers.get(0));
        steps.goOnAlone(alone);
        CallInFlight unreadable = CallInFlight.of(alone);
        assertThat(unreadable.input()).isEqualTo("{\"event_id\": ");
        assertThat(unreadable.call()).isNull();
        Throwable reason = unreadable.failure();
        assertThatThrownBy(unreadable::nextAttempt).isSameAs(reason).isNotNull();
    }

    @Test
    void theFilterKeepsWhatSentryWouldNotForwardOutAndCountsWhy() {
        ChunkSteps steps = steps(PROJECTS, "QueryTimeoutException", false);
        EventChunk chunk = readFilterShape(steps, fixture("error-no-user.json"), fixture("variant-user-id-empty.json"),
                fixture("transaction-event.json"), fixture("message-event-no-exception.json"),
                fixture("stored-event.json"), fixture("service-hook-event-created.json"),
                fixture("sdk-event-modern.json"));

        assertThat(chunk.events).extracting(event -> event.filterReason).containsExactly(
                ForwardingFilter.NO_USER_ID, ForwardingFilter.NO_USER_ID, ForwardingFilter.NOT_AN_ERROR,
                ForwardingFilter.NOT_AN_ERROR, ForwardingFilter.TYPE_EXCLUDED, ForwardingFilter.PROJECT_DISABLED, null);
        assertThat(chunk.events).extracting(event -> event.track != null)
                .containsExactly(false, false, false, false, false, false, true);
        // Filtered events are done: nothing goes on alone, and they hold no claim.
        assertThat(chunk.leftovers()).isEmpty();
        assertThat(chunk.events.subList(0, 6)).allSatisfy(event -> assertThat(event.claimed).isFalse());
        assertThat(filtered(ForwardingFilter.NO_USER_ID)).isEqualTo(2);
        assertThat(filtered(ForwardingFilter.NOT_AN_ERROR)).isEqualTo(2);
        assertThat(filtered(ForwardingFilter.TYPE_EXCLUDED)).isEqualTo(1);
        assertThat(filtered(ForwardingFilter.PROJECT_DISABLED)).isEqualTo(1);
    }

    @Test
    void aRepeatInTheChunkOrOfAnEventDeliveredBeforeIsADuplicate() {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        events.settleDelivered(List.of(PYTHON));

        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"), fixture("sdk-event-python.json"),
                fixture("sdk-event-modern.json"), fixture("sdk-event-browser.json"));

        assertThat(chunk.events).extracting(event -> event.filterReason)
                .containsExactly(null, DeliveryClaims.DUPLICATE, DeliveryClaims.DUPLICATE, null);
        assertThat(chunk.unsent()).extracting(call -> call.claim)
                .containsExactly(MODERN, "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f");
        assertThat(filtered(DeliveryClaims.DUPLICATE)).isEqualTo(2);
        assertThat(chunk.leftovers()).isEmpty();
    }

    @Test
    void eachTrackCallGoesToItsProjectsDestination() throws Exception {
        ChunkSteps steps = steps(PROJECTS, "", false);
        EventChunk chunk = readFilterShape(steps, fixture("integration-error-created.json"),
                fixture("sdk-event-modern.json"));

        deliver(chunk);

        assertThat(segment.requests()).extracting(Request::url)
                .containsExactly("http://eu.segment.test/v1/track", "http://segment.test/v1/track");
        assertThat(segment.requests()).extracting(Request::projects)
                .containsExactly(List.of("checkout-web"), List.of("unknown"));
        assertThat(segment.requests().get(0).authorization())
                .isEqualTo(new SegmentDestinations.Destination("checkout-key", null).authorization());
        assertThat(segment.requests().get(1).messageIds()).containsExactly("sentry-" + MODERN);
    }

    @Test
    void aCallSegmentRefusedGoesOnAloneWithItsFailureAndItsClaim() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        segment.answerWith(request -> request.messageIds().contains("sentry-" + MODERN) ? 503 : 200);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"), fixture("sdk-event-python.json"));

        deliver(chunk);
        end(exchange);

        // The delivered event is remembered; the failed one is still claimed, by the call that goes on alone.
        assertThat(events.tryClaim(PYTHON)).isFalse();
        assertThat(events.tryClaim(MODERN)).isFalse();
        List<CallInFlight> leftovers = chunk.leftovers();
        assertThat(leftovers).hasSize(1);
        CallInFlight failed = leftovers.get(0);
        assertThat(failed.claim()).isEqualTo(MODERN);
        assertThat(failed.attempted()).isTrue();
        assertThat(((HttpOperationFailedException) failed.failure()).getStatusCode()).isEqualTo(503);

        Exchange alone = new DefaultExchange(segment.context());
        alone.getMessage().setBody(failed);
        steps.goOnAlone(alone);
        CallInFlight retried = CallInFlight.of(alone);
        assertThat(retried.call().call()).isEqualTo("track");
        assertThat(retried.messageId()).isEqualTo("sentry-" + MODERN);
        assertThat(retried.eventId()).isEqualTo(MODERN);
        assertThat(retried.call().destination().writeKey()).isEqualTo("default-key");
        assertThat(retried.attempts()).isEqualTo(1);
        // The chunk's failure is raised once, as the call's first; the next attempt is counted.
        Throwable refused = failed.failure();
        assertThatThrownBy(retried::nextAttempt).isSameAs(refused).isNotNull();
        retried.nextAttempt();
        assertThat(retried.attempts()).isEqualTo(2);

        // The claim went with the call: delivered alone, the event is remembered.
        end(alone);
        assertThat(events.tryClaim(MODERN)).isFalse();
        events.forget(MODERN);
        assertThat(events.tryClaim(MODERN)).isTrue();
    }

    @Test
    void aCopyOfAnEventAnotherForwarderHoldsWaitsForThatCopysOutcome() throws Exception {
        Set<String> heldThere = ConcurrentHashMap.newKeySet();
        heldThere.addAll(List.of(MODERN, PYTHON));
        ChunkSteps steps = steps(NO_PROJECTS, "", false,
                new ClaimsSharedWithAnotherForwarder(new LocalDeliveryClaims(remembered("event")), heldThere));
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"), fixture("sdk-event-python.json"),
                fixture("sdk-event-browser.json"));

        deliver(chunk);

        assertThat(segment.requests()).extracting(Request::messageIds)
                .containsExactly(List.of("sentry-0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"));
        List<CallInFlight> waiting = chunk.leftovers();
        assertThat(waiting).extracting(leftover -> leftover.event().eventId()).containsExactly(MODERN, PYTHON);
        assertThat(waiting).allSatisfy(leftover -> {
            assertThat(leftover.waitsForClaim()).isTrue();
            assertThat(leftover.call()).isNull();
            assertThat(leftover.claim()).isNull();
        });
        Exchange modern = new DefaultExchange(segment.context());
        modern.getMessage().setBody(waiting.get(0));
        steps.goOnAlone(modern);
        Exchange python = new DefaultExchange(segment.context());
        python.getMessage().setBody(waiting.get(1));
        steps.goOnAlone(python);

        // From a folder, a copy waits in place (retried with backoff) while the other forwarder holds the claim.
        assertThatThrownBy(() -> steps.claimOrWait(modern)).isInstanceOf(ClaimHeldElsewhereException.class);
        // That copy failed and was released: this one is sent. That copy was delivered: this one is a duplicate.
        heldThere.remove(MODERN);
        steps.claimOrWait(modern);
        heldThere.remove(PYTHON);
        events.settleDelivered(List.of(PYTHON));
        steps.claimOrWait(python);

        // Sent: it has its Track call. A duplicate: no call (the route stops it), counted as filtered.
        assertThat(CallInFlight.of(modern).waitsForClaim()).isFalse();
        assertThat(JSON.readTree(CallInFlight.of(modern).call().json()).get("messageId").asText())
                .isEqualTo("sentry-" + MODERN);
        assertThat(CallInFlight.of(python).call()).isNull();
        assertThat(filtered(DeliveryClaims.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void aChunkThatEndsBeforeItsCallsAreAnsweredReleasesItsClaims() {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        readFilterShape(steps, fixture("sdk-event-modern.json"), fixture("sdk-event-python.json"));
        assertThat(events.tryClaim(MODERN)).isFalse();

        end(exchange); // stopped before delivery: a later copy is sent, not filtered as a duplicate

        assertThat(events.tryClaim(MODERN)).isTrue();
        assertThat(events.tryClaim(PYTHON)).isTrue();
    }

    @Test
    void withoutAWriteKeyEachCallGoesOnAloneToTheDryRunFolderUnsent() throws Exception {
        ChunkSteps steps = steps(new SegmentDestinations("", "http://segment.test", Map.of()), "", false);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"));

        deliver(chunk);

        assertThat(segment.requests()).isEmpty();
        assertThat(chunk.leftovers()).singleElement().satisfies(leftover -> {
            assertThat(leftover.call().destination().isDryRun()).isTrue();
            assertThat(leftover.failure()).isNull();
            assertThat(leftover.attempted()).isFalse();
            assertThat(leftover.claim()).isEqualTo(MODERN);
        });
    }

    @Test
    void aNewUserIsIdentifiedOnceAfterTheirTrackCallWasDelivered() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", true);
        // Two events of user 42, and one of user 1 whose Track call Segment does not take now.
        segment.answerWith(request -> request.messageIds().contains("sentry-" + MODERN) ? 503 : 200);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-browser.json"), fixture("stored-event.json"),
                fixture("sdk-event-modern.json"));

        deliver(chunk);
        steps.identifyNewUsers(chunk);
        deliver(chunk);

        assertThat(chunk.identifies).extracting(call -> call.claim).containsExactly("42");
        Request identify = segment.requests().get(segment.requests().size() - 1);
        assertThat(identify.url()).isEqualTo("http://segment.test/v1/identify");
        assertThat(identify.json().get("userId").asText()).isEqualTo("42");
        assertThat(segment.requests()).extracting(Request::url).filteredOn(url -> url.endsWith("/identify")).hasSize(1);
        assertThat(users.tryClaim("42")).isFalse(); // remembered as identified
        // User 1 is identified later, after their Track call alone (route identify-new-user).
        assertThat(chunk.leftovers()).extracting(CallInFlight::claim).containsExactly(MODERN);
    }

    @Test
    void withIdentifyOffNoIdentifyCallIsMade() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-browser.json"));

        deliver(chunk);
        steps.identifyNewUsers(chunk);

        assertThat(chunk.identifies).isEmpty();
        assertThat(users.tryClaim("42")).isTrue();
    }

    /** The exchange of user 1's Track call that its chunk could not send: it goes on alone and is delivered there. */
    private Exchange trackCallAlone(ChunkSteps steps) throws Exception {
        segment.answerWith(request -> 503);
        EventChunk chunk = readFilterShape(steps, fixture("sdk-event-modern.json"));
        deliver(chunk);
        Exchange alone = new DefaultExchange(segment.context());
        alone.getMessage().setBody(chunk.leftovers().get(0));
        steps.goOnAlone(alone);
        return alone;
    }

    @Test
    void aTrackCallDeliveredAloneIdentifiesItsNewUserOnceLikeABatchDoes() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", true);
        Exchange alone = trackCallAlone(steps);
        CallInFlight track = CallInFlight.of(alone);

        // Delivered alone (deliver-call-alone), its user's identify call is made by the same decision as a chunk's.
        CallInFlight identify = steps.identifyNewUser(alone);
        assertThat(identify.call().call()).isEqualTo("identify");
        assertThat(JSON.readTree(identify.call().json()).get("userId").asText()).isEqualTo("1");
        assertThat(identify.call().destination()).isEqualTo(track.call().destination());
        assertThat(identify.claim()).isEqualTo("1");
        assertThat(identify.input()).isNull();
        assertThat(identify.eventId()).isNull(); // its dead letter is message-<messageId>, replayed as a call

        // The user's claim is held: another event of the user in flight does not identify them again.
        Exchange again = new DefaultExchange(segment.context());
        again.getMessage().setBody(track);
        assertThat(steps.identifyNewUser(again)).isNull();
        end(alone);
        assertThat(users.tryClaim("1")).isFalse(); // remembered as identified
    }

    @Test
    void withIdentifyOffACallDeliveredAloneIdentifiesNoOne() throws Exception {
        ChunkSteps steps = steps(NO_PROJECTS, "", false);

        assertThat(steps.identifyNewUser(trackCallAlone(steps))).isNull();
        assertThat(users.tryClaim("1")).isTrue();
    }
}
