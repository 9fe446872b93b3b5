package io.github.forwarder.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tolerant reads of Sentry JSON: a field of the wrong type reads as absent instead of failing the event. */
final class JsonFields {

    private JsonFields() {
    }

    /**
     * Text of a scalar (numbers in decimal, without exponent), or null for objects, arrays, null, "" and numbers
     * too large for a double (1e999 parses as infinity, which has no decimal form).
     */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode() || node.isMissingNode()) {
            return null;
        }
        if (isInfinite(node)) {
            return null;
        }
        String text;
        if (node.isFloatingPointNumber() || node.isBigDecimal()) {
            text = node.decimalValue().stripTrailingZeros().toPlainString();
        } else if (node.isNumber()) {
            text = new BigDecimal(node.bigIntegerValue()).toPlainString();
        } else {
            text = node.asText();
        }
        return text.isEmpty() ? null : text;
    }

    /** A number beyond a double's range: Jackson reads 1e999 as infinity, which has no decimal value. */
    static boolean isInfinite(JsonNode node) {
        return (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
    }

    /** The first of the named fields that holds an object, or null. */
    static JsonNode object(JsonNode parent, String... names) {
        for (String name : names) {
            JsonNode child = parent.get(name);
            if (child != null && child.isObject()) {
                return child;
            }
        }
        return null;
    }

    /** The first of the named fields with scalar text, or null. */
    static String firstText(JsonNode parent, String... names) {
        for (String name : names) {
            String text = text(parent.get(name));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /**
     * Key/value lists as Sentry sends them: an object, {@code [key, value]} pairs or {@code {key, value}} objects.
     * The first occurrence of a key wins; keys keep their order.
     */
    static Map<String, String> keyValues(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> put(result, e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isArray() && item.size() >= 1) {
                    put(result, text(item.get(0)), item.get(1));
                } else if (item.isObject()) {
                    put(result, text(item.get("key")), item.get("value"));
                }
            }
        }
        return result;
    }

    private static void put(Map<String, String> result, String key, JsonNode value) {
        if (key != null && !result.containsKey(key)) {
            String text = text(value);
            result.put(key, text == null ? "" : text);
        }
    }
}
