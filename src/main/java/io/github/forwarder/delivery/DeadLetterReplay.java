package io.github.forwarder.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.github.forwarder.ExchangeProperties;
import io.github.forwarder.ExchangeProperties.Answer;
import io.github.forwarder.dedupe.DeliveryClaims;
import org.apache.camel.Exchange;

/**
 * Re-drives dead letters once their cause is fixed. The admin endpoint moves entries (one by event id, or all)
 * into the replay folder; the replay route reads each entry back into its original input and forgets that the
 * event was delivered, so its claim lets it through again.
 */
public final class DeadLetterReplay {

    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9A-Za-z_-]{1,100}");

    private final Path deadLetterDir;
    private final Path replayDir;
    private final byte[] expectedAuthorization;
    private final DeliveryClaims deliveredEvents;
    private final ObjectMapper mapper;
    private final SegmentSinkCalls sinkCalls;

    /** @param adminToken the bearer token the endpoint requires; empty disables the endpoint */
    public DeadLetterReplay(Path dataDir, String adminToken, DeliveryClaims deliveredEvents, ObjectMapper mapper,
            SegmentSinkCalls sinkCalls) {
        this.deadLetterDir = dataDir.resolve("dead-letter");
        this.replayDir = dataDir.resolve("replay");
        this.expectedAuthorization = adminToken.isEmpty() ? null
                : ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
        this.deliveredEvents = deliveredEvents;
        this.mapper = mapper;
        this.sinkCalls = sinkCalls;
    }

    /** POST /admin/dead-letters/replay[?eventId=...]: sets the {@code answer}. */
    public void request(Exchange exchange) throws IOException {
        if (expectedAuthorization == null) {
            answer(exchange, 403, "error", "the replay endpoint is off; set forwarder.admin.token to use it");
            return;
        }
        String authorization = exchange.getMessage().getHeader("Authorization", "", String.class);
        if (!MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
            answer(exchange, 401, "error", "a valid 'Authorization: Bearer <forwarder.admin.token>' header is required");
            return;
        }
        String eventId = exchange.getMessage().getHeader("eventId", String.class);
        if (eventId != null && !ENTRY_NAME.matcher(eventId).matches()) {
            answer(exchange, 400, "error", "eventId is not an event id");
            return;
        }
        List<String> moved = eventId == null ? moveAll() : moveOne(eventId);
        if (eventId != null && moved.isEmpty()) {
            answer(exchange, 404, "error", "no dead letter for event " + eventId);
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        moved.forEach(body.putArray("replaying")::add);
        exchange.setProperty(ExchangeProperties.ANSWER, new Answer(202, mapper.writeValueAsString(body)));
    }

    /**
     * The replay route's step: a forwarded Sentry event becomes its original input again (its event id forgotten,
     * so its claim lets it through); a segment-sink or identify call becomes that call again, checked as the sink
     * checks it. Sets the {@code replayAs} property to {@code sentry-event} or {@code segment-call} for the route to
     * choose.
     */
    public Object reopen(Exchange exchange) throws IOException {
        JsonNode entry = mapper.readTree(exchange.getMessage().getBody(byte[].class));
        String eventId = entry.path("eventId").asText(null);
        if (entry.hasNonNull("input")) {
            if (eventId != null) {
                deliveredEvents.forget(eventId);
            }
            exchange.setProperty(ExchangeProperties.REPLAY_AS, "sentry-event");
            return entry.get("input").asText();
        }
        // A sink call's own write key is a secret and not in the entry: the replay uses segment.writeKey.
        exchange.setProperty(ExchangeProperties.REPLAY_AS, "segment-call");
        return sinkCalls.prepare(entry.path("segmentMessage").toString(), entry.path("segmentCall")
                .asText(SegmentCall.TRACK), null);
    }

    /** Every entry is moved into the replay folder; answers how many. */
    public int replayAll() throws IOException {
        return moveAll().size();
    }

    private List<String> moveAll() throws IOException {
        List<String> moved = new ArrayList<>();
        if (!Files.isDirectory(deadLetterDir)) {
            return moved;
        }
        try (Stream<Path> entries = Files.list(deadLetterDir)) {
            for (Path entry : entries.filter(DeadLetterReplay::isEntry).sorted().toList()) {
                moved.addAll(moveOne(entry.getFileName().toString().replaceFirst("\\.json$", "")));
            }
        }
        return moved;
    }

    private List<String> moveOne(String name) throws IOException {
        Path entry = deadLetterDir.resolve(name + ".json");
        if (!Files.isRegularFile(entry)) {
            return List.of();
        }
        Files.createDirectories(replayDir);
        // a rename within the data folder: the entry is in exactly one of the two folders at any time
        Files.move(entry, replayDir.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        return List.of(name);
    }

    private static boolean isEntry(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".") && Files.isRegularFile(file);
    }

    private void answer(Exchange exchange, int status, String field, String text) throws IOException {
        exchange.setProperty(ExchangeProperties.ANSWER,
                new Answer(status, mapper.writeValueAsString(mapper.createObjectNode().put(field, text))));
    }
}
