package io.github.forwarder.sentry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of JSON text that looks like what Sentry sends but with any type in any field: Sentry's own keys at
 * every level, values that are objects, arrays, numbers (also beyond a double), booleans, null, or text of any
 * characters (control characters, lone surrogates, timestamps, ids, "{{auto}}").
 */
final class SentryShapedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEPTH = 4;

    private static final List<String> KEYS = List.of(
            "event_id", "eventID", "type", "user", "sentry.interfaces.User", "id", "ip_address", "timestamp",
            "datetime", "dateCreated", "received", "release", "version", "environment", "level", "transaction",
            "tags", "key", "value", "exception", "sentry.interfaces.Exception", "values", "entries", "data",
            "request", "sentry.interfaces.Http", "url", "method", "query_string", "query", "headers", "User-Agent",
            "user-agent", "Referer", "action", "installation", "error", "event", "sentry:release");

    private static final List<String> NUMBERS = List.of(
            "0", "-0", "1", "-1", "1.5", "1795169730.25", "1e999", "-1e999", "1e-400", "1E+2", "1e18",
            "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890.5", "253402300800");

    private SentryShapedJson() {
    }

    /** A document: an event, or an event wrapped as a WebHooks plugin, service hook or integration webhook. */
    static Arbitrary<String> documents() {
        Arbitrary<String> event = event(value(DEPTH));
        return Arbitraries.oneOf(
                event,
                value(DEPTH),
                event.map(e -> "{\"project\":\"p\",\"event\":" + e + "}"),
                Combinators.combine(Arbitraries.of("error", "event"), event)
                        .as((key, e) -> "{\"action\":\"created\",\"data\":{\"" + key + "\":" + e + "}}"));
    }

    /** A forwardable event whose every text field is long, multi-byte or escape-heavy: it must be trimmed. */
    static Arbitrary<String> eventsWithHugeTexts() {
        Arbitrary<String> huge = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1_000).ofMaxLength(40_000),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1_000).ofMaxLength(20_000),
                Arbitraries.strings().withChars("\uD83D\uDE00\u00e9\u4e2d\"\\").ofMinLength(1_000).ofMaxLength(20_000))
                .map(SentryShapedJson::quoted);
        return huge.list().ofSize(12).map(t -> String.format("""
                {"event_id":"5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b","user":{"id":%s,"ip_address":%s},"transaction":%s,
                 "release":%s,"environment":%s,"level":%s,"exception":{"values":[{"type":%s}]},
                 "request":{"url":%s,"method":%s,"query_string":%s,"headers":{"User-Agent":%s,"Referer":%s}}}""",
                t.toArray()));
    }

    /** An object with a valid event_id, Sentry's top-level fields, and more keys of any kind. */
    private static Arbitrary<String> event(Arbitrary<String> values) {
        Arbitrary<String> members = Combinators.combine(Arbitraries.of(KEYS), values)
                .as((key, value) -> quoted(key) + ":" + value).list().ofMaxSize(12)
                .map(list -> String.join(",", list));
        Arbitrary<String> eventId = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
        return Combinators.combine(eventId, members)
                .as((id, rest) -> "{\"event_id\":\"" + id + "\"" + (rest.isEmpty() ? "" : "," + rest) + "}");
    }

    private static Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<String> child = Arbitraries.lazy(() -> value(depth - 1));
        Arbitrary<String> object = Combinators.combine(key(), child).as((key, value) -> quoted(key) + ":" + value)
                .list().ofMaxSize(5).map(list -> "{" + String.join(",", list) + "}");
        Arbitrary<String> array = child.list().ofMaxSize(4).map(list -> "[" + String.join(",", list) + "]");
        return Arbitraries.frequencyOf(Tuple.of(5, scalar()), Tuple.of(3, object), Tuple.of(2, array));
    }

    private static Arbitrary<String> key() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(KEYS)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("null", "true", "false")),
                Tuple.of(2, Arbitraries.of(NUMBERS)),
                Tuple.of(2, Arbitraries.of(NUMBERS).map(SentryShapedJson::quoted)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(30).map(SentryShapedJson::quoted)),
                Tuple.of(2, Arbitraries.of("", "{{auto}}", "2026-11-20T10:15:30.250Z", "2026-11-20 10:15:30",
                        "5f2c1e0a9b7d4c3e8a1b2c3d4e5f6a7b", "?a=1&b", "error", "transaction", "default",
                        "1e300000000", "1e-300000000").map(SentryShapedJson::quoted)));
    }

    /** A JSON string literal of any text, lone surrogates included (Jackson escapes what it must). */
    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
