package io.github.forwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.TestRoutes;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any route sends Segment's six calls with `kamelet:segment-sink?type=...`: each reaches /v1/<type>, completed
 * with messageId (kept when given), timestamp and context.library, with the default or the route's own write key.
 */
class SegmentSinkSendsEveryCallTest {

    private static final String ORDERS_KEY = "orders-wk-0a1b2c3d4e5f6789";
    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment()
            .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
            .property("orders.segment.writeKey", ORDERS_KEY);
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        template = RUNNING.forwarder().context().createProducerTemplate();
    }

    @Test
    void eachCallReachesItsEndpointCompleted() {
        Map<String, String> calls = Map.of(
                "track", "{\"userId\":\"u1\",\"event\":\"Order Completed\",\"properties\":{\"total\":42.5}}",
                "identify", "{\"userId\":\"u1\",\"traits\":{\"email\":\"ada@example.com\"}}",
                "page", "{\"anonymousId\":\"a-7\",\"name\":\"Pricing\"}",
                "screen", "{\"userId\":\"u1\",\"name\":\"Basket\"}",
                "group", "{\"userId\":\"u1\",\"groupId\":\"acme\",\"traits\":{\"plan\":\"pro\"}}",
                "alias", "{\"userId\":\"u1\",\"previousId\":\"a-7\",\"messageId\":\"given-id-1\"}");
        int before = RUNNING.segment().received().size();
        calls.forEach((call, json) -> template.sendBodyAndHeader("direct:send-segment-call", json, "segmentCall", call));

        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().received().size() == before + calls.size());
        Map<String, SegmentStandIn.Received> byPath = RUNNING.segment().received().subList(before, before + calls.size()).stream()
                .collect(Collectors.toMap(SegmentStandIn.Received::path, r -> r));
        assertThat(byPath).containsOnlyKeys("/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias");
        byPath.forEach((path, request) -> {
            JsonNode message = request.json();
            assertThat(message.get("type").asText()).isEqualTo(path.substring("/v1/".length()));
            assertThat(message.get("messageId").asText()).isNotBlank();
            assertThat(message.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(message.at("/context/library/name").asText()).isEqualTo("sentry-segment-forwarder");
            assertThat(request.header("Authorization")).isEqualTo(basic(SegmentStandIn.WRITE_KEY));
        });
        assertThat(byPath.get("/v1/alias").json().get("messageId").asText()).isEqualTo("given-id-1");
        assertThat(byPath.get("/v1/track").json().at("/properties/total").asDouble()).isEqualTo(42.5);
    }

    @Test
    void aRouteMaySendWithItsOwnWriteKeyAndAMapBody() {
        int before = RUNNING.segment().received().size();
        template.sendBody("direct:order-placed", Map.of("userId", "u9", "event", "Order Placed",
                "properties", Map.of("orderId", "o-1001")));

        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().received().size() == before + 1);
        SegmentStandIn.Received request = RUNNING.segment().received().get(before);
        assertThat(request.header("Authorization")).isEqualTo(basic(ORDERS_KEY));
        assertThat(request.json().at("/properties/orderId").asText()).isEqualTo("o-1001");
    }

    @Test
    void theRoutesWriteKeyIsMaskedWhereOperatorsSeeEndpoints() throws Exception {
        template.sendBody("direct:order-placed", Map.of("userId", "u9", "event", "Order Placed"));

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        List<String> uris = new ArrayList<>();
        for (ObjectName endpoint : jmx.queryNames(new ObjectName("org.apache.camel:type=endpoints,*"), null)) {
            uris.add(endpoint + " " + jmx.getAttribute(endpoint, "EndpointUri"));
        }
        assertThat(uris).anyMatch(uri -> uri.contains("kamelet:segment-sink?type=track&writeKey=xxxxxx"))
                .noneMatch(uri -> uri.contains(ORDERS_KEY));
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
