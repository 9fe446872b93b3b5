package io.github.forwarder.chunk;

import io.github.forwarder.dedupe.ClaimHeldElsewhereException;
import io.github.forwarder.intake.IntakeMarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an event waits while another living forwarder holds its claim. From a jms: queue it goes back to the queue,
 * to come again one heartbeat later (JMS 2.0 delivery delay): a transacted consumer holds its message until every
 * event of it is done, so waiting in place would keep the consumer from the other messages (after a forwarder is
 * killed, survivors' consumers would all wait out its heartbeat while the backlog waited). The copy is sent before
 * the message it came in is acknowledged: a crash between the two leaves both, and the claims make the second a
 * duplicate. From a folder, or when the broker does not take the copy, it waits in place, retried with backoff
 * ({@link ClaimHeldElsewhereException}).
 */
public final class ClaimWaits {

    private static final Logger ROUTES = LoggerFactory.getLogger("io.github.forwarder.routes");

    /** Null unless the source is a jms: queue. */
    private final String backToQueue;
    private ProducerTemplate producer;

    /**
     * @param source forwarder.source
     * @param later how long a copy put back waits on the queue: forwarder.redis.heartbeatMs, no claim can free up
     *     sooner than a heartbeat missed
     */
    public ClaimWaits(String source, Duration later) {
        this.backToQueue = source.startsWith("jms:")
                ? source + (source.contains("?") ? "&" : "?") + "deliveryDelay=" + later.toMillis()
                : null;
    }

    /** Puts the exchange's event (its input as received) back on its queue, or throws so that it waits here. */
    public void putBackOrWait(Exchange exchange, String eventId, String input) throws ClaimHeldElsewhereException {
        if (backToQueue == null) {
            throw new ClaimHeldElsewhereException(eventId);
        }
        try {
            // marked as the intake's: its event was counted as received when it first came
            producer(exchange).sendBodyAndHeader(backToQueue, ExchangePattern.InOnly,
                    input.getBytes(StandardCharsets.UTF_8),
                    IntakeMarks.HEADER, "claim-wait");
            ROUTES.debug("Sentry event {} is in flight in another forwarder: put back on the queue", eventId);
        } catch (RuntimeException brokerRefused) {
            ROUTES.debug("Sentry event {} waits here for its claim: the queue did not take it back: {}", eventId,
                    brokerRefused.getMessage());
            throw new ClaimHeldElsewhereException(eventId);
        }
    }

    private synchronized ProducerTemplate producer(Exchange exchange) {
        if (producer == null) {
            producer = exchange.getContext().createProducerTemplate();
        }
        return producer;
    }
}
