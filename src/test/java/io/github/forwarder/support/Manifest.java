package io.github.forwarder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** sentry/manifest.json: for each fixture, what a correct reader extracts; turned here into the exact Track call. */
public final class Manifest {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String VERSION = "0.1.0";

    public record Case(String fixture, int line, JsonNode expected) {
        public boolean forwarded() {
            return expected.get("forwarded").asBoolean();
        }

        public String eventId() {
            return expected.get("eventId").asText();
        }

        @Override
        public String toString() {
            return line < 0 ? fixture : fixture + "#" + line;
        }
    }

    private Manifest() {
    }

    /** Every single-document fixture; NDJSON files are listed by {@link #ndjson(String)}. */
    public static List<Case> documents() {
        List<Case> cases = new ArrayList<>();
        root().fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                cases.add(new Case(e.getKey(), -1, e.getValue()));
            }
        });
        return cases;
    }

    public static List<Case> ndjson(String fixture) {
        List<Case> cases = new ArrayList<>();
        JsonNode lines = root().get(fixture);
        for (int i = 0; i < lines.size(); i++) {
            cases.add(new Case(fixture, i, lines.get(i)));
        }
        return cases;
    }

    public static Case get(String fixture) {
        return new Case(fixture, -1, root().get(fixture));
    }

    /** The Track call README's "The Track call" prescribes for this case. */
    public static ObjectNode trackCall(Case c) {
        JsonNode e = c.expected();
        ObjectNode message = JSON.createObjectNode();
        message.put("type", "track");
        message.put("messageId", "sentry-" + c.eventId());
        message.put("userId", e.get("userId").asText());
        message.put("event", "Error Captured");
        message.put("timestamp", e.get("timestamp").asText());
        ObjectNode properties = message.putObject("properties");
        for (String field : new String[] {"eventId", "transaction", "release", "level", "environment"}) {
            properties.put(field, e.get(field).asText());
        }
        if (e.has("exceptionType")) {
            properties.put("exceptionType", e.get("exceptionType").asText());
        }
        ObjectNode context = message.putObject("context");
        context.putObject("library").put("name", "sentry").put("version", VERSION);
        if (e.has("ip")) {
            context.put("ip", e.get("ip").asText());
        }
        if (e.has("userAgent")) {
            context.put("userAgent", e.get("userAgent").asText());
        }
        if (e.has("page")) {
            context.set("page", e.get("page"));
        }
        message.putObject("integration").put("name", "sentry").put("version", VERSION);
        return message;
    }

    private static JsonNode root() {
        try {
            return JSON.readTree(SentryFixtures.bytes("manifest.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
