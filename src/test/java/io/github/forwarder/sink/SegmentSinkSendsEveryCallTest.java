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
 * Any route sends Segment's six calls with `kamelet:segment-sink?type=...`: each reaches Segment as a message of
 * its type (in /v1/batch by default), completed with messageId (kept when given), timestamp and context.library,
 * with the default or the route's own write key.
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

        // by default calls travel in /v1/batch requests, each message carrying its type
        await().atMost(Duration.ofSeconds(20)).until(() -> sentSince(before).size() == calls.size());
        Map<String, JsonNode> byType = sentSince(before).stream()
                .collect(Collectors.toMap(message -> message.get("type").asText(), message -> message));
        assertThat(byType).containsOnlyKeys(calls.keySet());
        byType.values().forEach(message -> {
            assertThat(message.get("messageId").asText()).isNotBlank();
            assertThat(message.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(message.at("/context/library/name").asText()).isEqualTo("sentry-segment-forwarder");
        });
        assertThat(RUNNING.segment().received().subList(before, RUNNING.segment().received().size())).allSatisfy(
                request -> assertThat(request.header("Authorization")).isEqualTo(basic(SegmentStandIn.WRITE_KEY)));
        assertThat(byType.get("alias").get("messageId").asText()).isEqualTo("given-id-1");
        assertThat(byType.get("track").at("/properties/total").asDouble()).isEqualTo(42.5);
    }

    /** The messages of the requests received after the first {@code before}, batches unpacked. */
    private static List<JsonNode> sentSince(int before) {
        List<SegmentStandIn.Received> received = RUNNING.segment().received();
        return received.subList(before, received.size()).stream().flatMap(request -> request.messages().stream())
                .toList();
    }

    @Test
    void aRouteMaySendWithItsOwnWriteKeyAndAMapBody() {
        int before = RUNNING.segment().received().size();
        template.sendBody("direct:order-placed", Map.of("userId", "u9", "event", "Order Placed",
                "properties", Map.of("orderId", "o-1001")));

        await().atMost(Duration.ofSeconds(20)).until(() -> RUNNING.segment().received().size() == before + 1);
        SegmentStandIn.Received request = RUNNING.segment().received().get(before);
        assertThat(request.header("Authorization")).isEqualTo(basic(ORDERS_KEY));
        assertThat(request.messages()).singleElement()
                .satisfies(message -> assertThat(message.at("/properties/orderId").asText()).isEqualTo("o-1001"));
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
