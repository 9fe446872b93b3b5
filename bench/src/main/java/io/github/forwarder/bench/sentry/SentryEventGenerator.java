package io.github.forwarder.bench.sentry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Realistic Sentry events from a seed: SDK-shaped error events of about 5 KB (chained exceptions with stack
 * frames, request, tags, contexts, breadcrumbs). Eight in ten are forwardable; one is a transaction and one an
 * error without a user id, which the forwarder must filter. Event n is always the same event.
 *
 * Events are made from a few templates per kind, with the event id written into a copy of the template's bytes,
 * so a load generator can make them as fast as it sends them.
 */
public final class SentryEventGenerator {

    private static final int TEMPLATES_PER_KIND = 16;
    private static final int TARGET_BYTES = 5 * 1024;
    private static final String ID_PLACEHOLDER = "EVENTIDPLACEHOLDEREVENTIDPLACEHO";
    /** Of every ten events: eight forwardable errors, one transaction, one error without a user id. */
    private static final Kind[] KIND_OF_TENTH = {Kind.ERROR, Kind.ERROR, Kind.ERROR, Kind.TRANSACTION, Kind.ERROR,
            Kind.ERROR, Kind.ERROR, Kind.NO_USER, Kind.ERROR, Kind.ERROR};

    private enum Kind { ERROR, TRANSACTION, NO_USER }

    private record Template(byte[] json, int idOffset) {
    }

    private final long seed;
    private final Template[][] templates = new Template[Kind.values().length][TEMPLATES_PER_KIND];

    public SentryEventGenerator(long seed) {
        this.seed = seed;
        SentryEventShapes shapes = new SentryEventShapes(new SplittableRandom(seed));
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < TEMPLATES_PER_KIND; i++) {
                ObjectNode event = switch (kind) {
                    case ERROR -> shapes.error(i, true, TARGET_BYTES);
                    case NO_USER -> shapes.error(i, false, TARGET_BYTES);
                    case TRANSACTION -> shapes.transaction(i, TARGET_BYTES);
                };
                event.put("event_id", ID_PLACEHOLDER);
                templates[kind.ordinal()][i] = template(event);
            }
        }
    }

    /** Event n of the mix: 80% forwardable. */
    public GeneratedEvent event(long n) {
        return make(n, KIND_OF_TENTH[(int) (n % 10)]);
    }

    /** Event n of a stream of forwardable events only (the throttle test counts requests, one per event). */
    public GeneratedEvent forwardableEvent(long n) {
        return make(n, Kind.ERROR);
    }

    private GeneratedEvent make(long n, Kind kind) {
        String eventId = String.format("%016x%016x", seed, n);
        Template template = templates[kind.ordinal()][(int) Long.remainderUnsigned(mix(n), TEMPLATES_PER_KIND)];
        byte[] json = template.json().clone();
        System.arraycopy(eventId.getBytes(StandardCharsets.US_ASCII), 0, json, template.idOffset(), eventId.length());
        return new GeneratedEvent(eventId, kind == Kind.ERROR, json);
    }

    private static Template template(ObjectNode event) {
        try {
            String text = new ObjectMapper().writeValueAsString(event);
            return new Template(text.getBytes(StandardCharsets.UTF_8),
                    text.substring(0, text.indexOf(ID_PLACEHOLDER)).getBytes(StandardCharsets.UTF_8).length);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spreads consecutive events over the templates (SplitMix64's finaliser). */
    private static long mix(long n) {
        long z = n + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static ArrayNode pairs(ObjectMapper mapper, String... keysAndValues) {
        ArrayNode pairs = mapper.createArrayNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.addArray().add(keysAndValues[i]).add(keysAndValues[i + 1]);
        }
        return pairs;
    }
}
