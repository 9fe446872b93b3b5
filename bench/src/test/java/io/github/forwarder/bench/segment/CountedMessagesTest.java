package io.github.forwarder.bench.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The counting stand-in counts the messages of a Track call and of a batch by their "messageId" key alone. */
class CountedMessagesTest {

    @Test
    void aTrackCallAndABatchAreCountedByMessageId() {
        CountedMessages counted = new CountedMessages();
        counted.record(TrackBodies.single(1), 10);
        counted.record(TrackBodies.batch(1, 500), 30);
        counted.record(TrackBodies.batch(600, 3), 20);

        assertEquals(504, counted.distinctMessages());
        assertEquals(3, counted.requestArrivals().length);
        assertEquals(30L, counted.requestArrivals()[2]);
    }

    @Test
    void theKeyInsideAStringIsNotAMessage() {
        byte[] body = "{\"messageId\":\"a\",\"properties\":{\"note\":\"\\\"messageId\\\"\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(1, CountedMessages.count(body));
        assertEquals(0, CountedMessages.count("\"messageI".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, CountedMessages.count("\"messageId\"".getBytes(StandardCharsets.UTF_8)));
    }
}
