package io.github.forwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.forwarder.segment.InvalidSegmentMessageException;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.TestRoutes;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.awaitility.Awaitility.await;

/**
 * Segment answers 200 even for messages it then drops, so the sink refuses them: the calling route's exchange
 * fails with the reason, and nothing is sent.
 */
class SegmentSinkRefusesInvalidMessagesTest {

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment()
            .property("camel.main.routesIncludePattern", TestRoutes.INCLUDE_PATTERN)
            .property("orders.segment.writeKey", "unused");
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        template = RUNNING.forwarder().context().createProducerTemplate();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            track    | {"userId":"u1"}                                  | track needs event
            track    | {"event":"Signed Up"}                            | track needs a userId or an anonymousId
            identify | {"traits":{"email":"a@example.com"}}             | identify needs a userId or an anonymousId
            page     | {"userId":"  ","name":"Home"}                    | page needs a userId or an anonymousId
            screen   | {"name":"Basket"}                                | screen needs a userId or an anonymousId
            group    | {"userId":"u1"}                                  | group needs groupId
            alias    | {"userId":"u1"}                                  | alias needs previousId
            track    | {"userId":"u1","event":"x","type":"identify"}    | the message says type 'identify' but is sent as 'track'
            track    | not json                                         | the body is not JSON
            track    | [1,2]                                            | the body must be a JSON object
            purchase | {"userId":"u1"}                                  | type must be one of
            """)
    void refusesWithTheReason(String call, String body, String reason) {
        Throwable failure = catchThrowable(() -> template.sendBodyAndHeader("direct:send-segment-call", body,
                "segmentCall", call));

        assertThat(failure).hasRootCauseInstanceOf(InvalidSegmentMessageException.class);
        assertThat(failure.getCause()).hasMessageContaining(reason);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> RUNNING.segment().received().isEmpty());
    }

    @ParameterizedTest(name = "{0} KB")
    @CsvSource({"40"})
    void refusesMessagesOverSegmentsLimit(int kilobytes) {
        String body = "{\"userId\":\"u1\",\"event\":\"Big\",\"properties\":{\"blob\":\"" + "x".repeat(kilobytes * 1024) + "\"}}";

        Throwable failure = catchThrowable(() -> template.sendBodyAndHeader("direct:send-segment-call", body,
                "segmentCall", "track"));

        assertThat(failure.getCause()).isInstanceOf(InvalidSegmentMessageException.class)
                .hasMessageContaining("over Segment's limit of 32768");
        assertThat(RUNNING.segment().received()).isEmpty();
    }
}
