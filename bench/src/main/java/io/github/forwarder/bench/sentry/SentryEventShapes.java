package io.github.forwarder.bench.sentry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The shapes of events that Sentry's SDKs post (Python/Django, Java/Spring, Node/Express): what a real error
 * weighs is mostly its stack frames with their source context, so frames are added until the event is as large
 * as asked.
 */
final class SentryEventShapes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PLATFORMS = {"python", "java", "node"};
    private static final String[] SOURCE_EXTENSIONS = {"py", "java", "js"};
    private static final String[][] EXCEPTIONS = {
            {"KeyError", "OrderLookupError"},
            {"java.lang.NullPointerException", "org.springframework.web.util.NestedServletException"},
            {"TypeError", "CheckoutError"}};
    private static final String[] ROUTES = {"/api/0/orders/{order}/", "/checkout/confirm", "/account/settings/",
            "/api/0/users/{user}/cart/", "/search"};

    private final SplittableRandom random;

    SentryEventShapes(SplittableRandom random) {
        this.random = random;
    }

    ObjectNode error(int variant, boolean withUserId, int targetBytes) {
        ObjectNode event = common(variant, withUserId);
        String platform = PLATFORMS[variant % PLATFORMS.length];
        ArrayNode values = event.putObject("exception").putArray("values");
        String[] types = EXCEPTIONS[variant % EXCEPTIONS.length];
        ObjectNode cause = exception(values, types[0], "'order-" + random.nextInt(100_000) + "'", "chained", true);
        ObjectNode raised = exception(values, types[1], "Order could not be loaded for user " + variant, platform,
                false);
        ArrayNode crumbs = event.putObject("breadcrumbs").putArray("values");
        for (int i = 0; i < 4; i++) {
            crumbs.addObject().put("timestamp", 1795169700.5 + i).put("category", "http")
                    .put("level", "info").put("message", "GET /api/0/catalog/" + random.nextInt(1000) + " 200");
        }
        for (int frame = 0; size(event) < targetBytes; frame++) {
            addFrame(frame % 3 == 0 ? cause : raised, SOURCE_EXTENSIONS[variant % PLATFORMS.length], frame);
        }
        return event;
    }

    ObjectNode transaction(int variant, int targetBytes) {
        ObjectNode event = common(variant, true);
        event.put("type", "transaction").put("start_timestamp", 1795169730.0);
        ArrayNode spans = event.putArray("spans");
        while (size(event) < targetBytes) {
            spans.addObject().put("span_id", hex(16)).put("parent_span_id", hex(16)).put("op", "db.sql.query")
                    .put("description", "SELECT * FROM orders WHERE user_id = %s AND status = %s LIMIT 50")
                    .put("start_timestamp", 1795169730.125).put("timestamp", 1795169730.25)
                    .putObject("data").put("db.system", "postgresql").put("db.name", "shop");
        }
        return event;
    }

    private ObjectNode common(int variant, boolean withUserId) {
        ObjectNode event = JSON.createObjectNode();
        String route = ROUTES[variant % ROUTES.length];
        event.put("timestamp", 1795169730.25 + variant).put("platform", PLATFORMS[variant % PLATFORMS.length])
                .put("level", "error").put("logger", "shop.web").put("server_name", "web-" + variant % 4)
                .put("release", "shop@4." + variant % 3 + ".1").put("environment", "production")
                .put("transaction", route);
        ObjectNode user = event.putObject("user");
        if (withUserId) {
            user.put("id", String.valueOf(1000 + random.nextInt(90_000)))
                    .put("email", "user" + variant + "@example.com");
        }
        user.put("ip_address", "203.0.113." + (1 + variant));
        ObjectNode request = event.putObject("request");
        request.put("url", "https://shop.example.com" + route.replace("{order}", "17").replace("{user}", "42"))
                .put("method", variant % 2 == 0 ? "GET" : "POST").put("query_string", "page=2&sort=desc");
        request.putObject("headers")
                .put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/131.0.0.0 Safari/537.36")
                .put("Referer", "https://shop.example.com/cart").put("Accept-Language", "en-GB,en;q=0.9")
                .put("Content-Type", "application/json");
        event.set("tags", SentryEventGenerator.pairs(JSON, "browser", "Chrome 131.0", "os", "Linux",
                "sentry:release", "shop@4." + variant % 3 + ".1", "url", request.get("url").asText()));
        ObjectNode contexts = event.putObject("contexts");
        contexts.putObject("runtime").put("name", "CPython").put("version", "3.12.4");
        contexts.putObject("os").put("name", "Linux").put("kernel_version", "6.1.0-27-amd64");
        contexts.putObject("trace").put("trace_id", hex(32)).put("span_id", hex(16)).put("op", "http.server");
        event.putObject("sdk").put("name", "sentry." + PLATFORMS[variant % PLATFORMS.length]).put("version", "2.19.0");
        return event;
    }

    private static ObjectNode exception(ArrayNode values, String type, String value, String mechanism,
            boolean handled) {
        ObjectNode exception = values.addObject().put("type", type).put("value", value);
        exception.putObject("mechanism").put("type", mechanism).put("handled", handled);
        exception.putObject("stacktrace").putArray("frames");
        return exception;
    }

    private void addFrame(ObjectNode exception, String extension, int frame) {
        String module = "shop.orders.service" + frame;
        ArrayNode frames = (ArrayNode) exception.get("stacktrace").get("frames");
        ObjectNode node = frames.addObject().put("filename", "shop/orders/service" + frame + "." + extension)
                .put("abs_path", "/app/shop/orders/service" + frame + "." + extension).put("module", module)
                .put("function", "load_order_" + frame).put("lineno", 10 + random.nextInt(400))
                .put("context_line", "        order = repository.find(order_id, include_items=True)")
                .put("in_app", frame % 2 == 0);
        node.putArray("pre_context").add("    def load_order(self, order_id):")
                .add("        \"\"\"Loads an order with its items for the checkout.\"\"\"");
        node.putArray("post_context").add("        if order is None:")
                .add("            raise OrderLookupError(order_id)");
    }

    private String hex(int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static int size(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
