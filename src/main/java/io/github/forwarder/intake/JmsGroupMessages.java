package io.github.forwarder.intake;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;

/**
 * Stores a group of accepted events as one JMS message on forwarder.source (a jms: queue): its body the group's
 * NDJSON lines, as the spool's files hold them, so the forwarding route reads it in batches as it reads a file.
 * One persistent send and one commit, acknowledged by the broker, carry the whole group, where one message per
 * event cost a broker round trip per request at the intake and an exchange per event in the forwarding route.
 * A failed send throws: every request of the group is answered 503.
 */
final class JmsGroupMessages implements GroupStore {

    private final ProducerTemplate producer;
    private final String source;
    private final String name;

    JmsGroupMessages(ProducerTemplate producer, String source) {
        this.producer = producer;
        this.source = source;
        this.name = "the JMS queue " + URISupport.stripQuery(source);
    }

    @Override
    public void write(List<byte[]> parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(parts.stream().mapToInt(part -> part.length).sum());
        parts.forEach(body::writeBytes);
        // marked as the intake's, so its events are counted once (at the intake)
        producer.sendBodyAndHeader(source, ExchangePattern.InOnly, body.toByteArray(), IntakeMarks.HEADER,
                "http");
    }

    @Override
    public String name() {
        return name;
    }

    /** None: every message on the queue is read as events, so only the next group's send tells. */
    @Override
    public boolean probe() {
        return false;
    }
}
