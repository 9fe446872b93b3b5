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

    /**
     * A payload of any shape whose every field the reader reads is there or not, in each form Sentry sends it or
     * of another type, among parts the reader skips (stack frames, breadcrumbs, contexts) that hold Sentry's keys.
     */
    static Arbitrary<String> payloadsOfEveryShape() {
        Arbitrary<String> event = readableEvent();
        Arbitrary<String> url = Arbitraries.frequencyOf(Tuple.of(2, scalar()), Tuple.of(3, Arbitraries.of(
                "https://acme.sentry.io/issues/1/", "https://sentry.example.com/organizations/acme/issues/1/",
                "https://sentry.example.com/api/0/projects/acme/web/events/1/").map(SentryShapedJson::quoted)));
        Arbitrary<String> projectObject = object(member(project(), "id"), member(project(), "slug"), skipped());
        Arbitrary<String> topProject = Arbitraries.oneOf(project(), projectObject);
        return Arbitraries.oneOf(
                event,
                object(member(topProject, "project"), member(scalar(), "project_slug"), member(url, "url"),
                        always(event, "event"), skipped()),
                object(member(topProject, "project"), member(anyValue(), "group"), member(url, "url"),
                        always(event, "event"), skipped()),
                object(member(Arbitraries.of("created", "triggered").map(SentryShapedJson::quoted), "action"),
                        member(anyValue(), "installation"), member(url, "url"),
                        always(object(always(event, "error", "event"), skipped()), "data"), skipped()));
    }

    /** An event with a valid id (mostly) and any of the fields the reader reads. */
    private static Arbitrary<String> readableEvent() {
        Arbitrary<String> eventId = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.strings()
                .withChars("0123456789abcdef-").ofLength(32).map(SentryShapedJson::quoted)), Tuple.of(1, anyValue()));
        Arbitrary<String> url = Arbitraries.frequencyOf(Tuple.of(1, scalar()), Tuple.of(1, Arbitraries.of(
                "https://acme.sentry.io/issues/1/", "https://sentry.example.com/api/0/projects/acme/web/").map(
                SentryShapedJson::quoted)));
        return object(always(eventId, "event_id", "eventID"),
                member(Arbitraries.oneOf(scalar(), Arbitraries.of("error", "default", "transaction", "csp")
                        .map(SentryShapedJson::quoted)), "type"),
                member(user(), "user", "sentry.interfaces.User"), member(user(), "sentry.interfaces.User"),
                member(scalar(), "timestamp"), member(scalar(), "datetime"), member(scalar(), "dateCreated"),
                member(scalar(), "received"),
                member(Arbitraries.oneOf(scalar(), object(member(scalar(), "version"), skipped())), "release"),
                member(scalar(), "environment"), member(scalar(), "level"), member(scalar(), "transaction"),
                member(keyValues(), "tags"),
                member(exception(), "exception", "sentry.interfaces.Exception"),
                member(request(), "request", "sentry.interfaces.Http"),
                member(entries(), "entries"),
                member(project(), "project", "projectID", "project_id"),
                member(url, "url", "web_url", "issue_url"),
                skipped());
    }

    private static Arbitrary<String> user() {
        Arbitrary<String> ip = Arbitraries.frequencyOf(Tuple.of(1, scalar()), Tuple.of(1, Arbitraries.of(
                "192.0.2.7", " 2001:db8::1 ", "{{auto}}", "[censored]").map(SentryShapedJson::quoted)));
        return Arbitraries.frequencyOf(Tuple.of(1, anyValue()), Tuple.of(4, object(member(scalar(), "id"),
                member(ip, "ip_address"), member(scalar(), "email"), member(scalar(), "username"), skipped())));
    }

    /** {values: [...]}, a list, or one object; each exception with a type and value. */
    private static Arbitrary<String> exception() {
        Arbitrary<String> one = object(member(scalar(), "type"), member(scalar(), "value"), skipped());
        Arbitrary<String> list = Arbitraries.oneOf(one, anyValue()).list().ofMaxSize(3)
                .map(items -> "[" + String.join(",", items) + "]");
        return Arbitraries.frequencyOf(Tuple.of(1, anyValue()), Tuple.of(1, one), Tuple.of(1, list),
                Tuple.of(3, object(member(Arbitraries.oneOf(list, one, anyValue()), "values"), skipped())));
    }

    private static Arbitrary<String> request() {
        Arbitrary<String> query = Arbitraries.oneOf(scalar(), keyValues(),
                Arbitraries.of("?a=1&b", "q=running shoes").map(SentryShapedJson::quoted));
        return Arbitraries.frequencyOf(Tuple.of(1, anyValue()), Tuple.of(4, object(member(scalar(), "url"),
                member(scalar(), "method"), member(query, "query_string", "query"), member(query, "query"),
                member(keyValues(), "headers"), skipped())));
    }

    /** The API shape's [{type, data}], where the exception and request entries are read. */
    private static Arbitrary<String> entries() {
        Arbitrary<String> entry = Arbitraries.oneOf(
                object(always(Arbitraries.just(quoted("exception")), "type"), member(exception(), "data"), skipped()),
                object(always(Arbitraries.just(quoted("request")), "type"), member(request(), "data"), skipped()),
                object(member(Arbitraries.of("breadcrumbs", "message", "exception", "request")
                        .map(SentryShapedJson::quoted), "type"), member(anyValue(), "data")),
                anyValue());
        return Arbitraries.oneOf(entry.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                anyValue());
    }

    /** Tags, headers and query strings: an object, [key, value] pairs or {key, value} objects. */
    private static Arbitrary<String> keyValues() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(1, scalar()), Tuple.of(4, Arbitraries.of(
                "User-Agent", "user-agent", "Referer", "release", "sentry:release", "environment", "level",
                "transaction", "a b").map(SentryShapedJson::quoted)));
        Arbitrary<String> objectKey = key.filter(k -> k.startsWith("\""));
        Arbitrary<String> asObject = Combinators.combine(objectKey, scalar()).as((k, v) -> k + ":" + v)
                .list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> pair = Arbitraries.oneOf(
                Combinators.combine(key, scalar()).as((k, v) -> "[" + k + "," + v + "]"),
                Combinators.combine(key, scalar()).as((k, v) -> "{\"key\":" + k + ",\"value\":" + v + "}"),
                anyValue());
        return Arbitraries.frequencyOf(Tuple.of(1, anyValue()), Tuple.of(3, asObject),
                Tuple.of(3, pair.list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]")));
    }

    private static Arbitrary<String> project() {
        return Arbitraries.oneOf(scalar(), Arbitraries.of("\"42\"", "42", "\"web\"", "\"acme-web\""));
    }

    /** Mostly scalars, sometimes an object or array of anything. */
    private static Arbitrary<String> anyValue() {
        return Arbitraries.frequencyOf(Tuple.of(3, scalar()), Tuple.of(1, value(2)));
    }

    /** Keys the reader skips, holding values in which Sentry's keys appear at any depth. */
    private static Arbitrary<String> skipped() {
        return Combinators.combine(Arbitraries.of("stacktrace", "frames", "breadcrumbs", "contexts", "sdk", "extra",
                "modules", "data", "geo"), value(3)).as((key, value) -> quoted(key) + ":" + value)
                .list().ofMaxSize(2).map(members -> String.join(",", members));
    }

    /** "name": value under one of the names, or nothing. */
    private static Arbitrary<String> member(Arbitrary<String> value, String... names) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")), Tuple.of(2, always(value, names)));
    }

    private static Arbitrary<String> always(Arbitrary<String> value, String... names) {
        return Combinators.combine(Arbitraries.of(names), value).as((name, v) -> quoted(name) + ":" + v);
    }

    @SafeVarargs
    private static Arbitrary<String> object(Arbitrary<String>... members) {
        return Combinators.combine(List.of(members)).as(list -> "{" + String.join(",",
                list.stream().filter(member -> !member.isEmpty()).toList()) + "}");
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
