package io.github.forwarder.bench.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stand-in counts the messages of a Track call and of a batch, and only the messages' own ids. */
class ReceivedMessagesTest {

    @Test
    void aTrackCallAndABatchAreCountedByMessageId() {
        ReceivedMessages received = new ReceivedMessages();
        received.record(TrackBodies.single(1), 10);
        received.record(TrackBodies.batch(1, 3), 20);

        assertEquals(3, received.distinctMessages());
        assertEquals(4, received.messages());
        assertEquals(2, received.requests());
        assertEquals(10L, received.arrivalOf("sentry-" + String.format("%032x", 1)));
        assertEquals(20L, received.arrivalOf("sentry-" + String.format("%032x", 3)));
    }

    @Test
    void aMessageIdDeeperInsideIsNotAMessage() {
        ReceivedMessages received = new ReceivedMessages();
        received.record("{\"messageId\":\"a\",\"properties\":{\"x\":{\"messageId\":\"b\"}}}"
                .getBytes(StandardCharsets.UTF_8), 1);
        assertNull(received.arrivalOf("b"));
        assertEquals(1, received.distinctMessages());
    }

    @Test
    void notJsonIsRefused() {
        assertFalse(new ReceivedMessages().record("{\"batch\":[".getBytes(StandardCharsets.UTF_8), 1));
    }
}
