package io.github.forwarder.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.forwarder.sentry.SentryEvent;

/**
 * The identify call sent the first time a Sentry user id is seen, so the Segment profile gets the user's email
 * and username. Its messageId comes from the event that first saw the user, so a retry is deduplicated.
 */
public final class IdentifyMessageBuilder {

    private final ObjectMapper mapper;
    private final String version;

    public IdentifyMessageBuilder(ObjectMapper mapper, String version) {
        this.mapper = mapper;
        this.version = version;
    }

    /** The identify call as JSON text, or null when the event has no user traits worth sending. */
    public String build(SentryEvent event) {
        if (event.userId() == null || (event.userEmail() == null && event.userName() == null)) {
            return null;
        }
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "identify");
        message.put("messageId", "sentry-identify-" + event.eventId());
        message.put("userId", event.userId());
        if (event.timestamp() != null) {
            message.put("timestamp", SegmentTimestamps.format(event.timestamp()));
        }
        ObjectNode traits = message.putObject("traits");
        if (event.userEmail() != null) {
            traits.put("email", event.userEmail());
        }
        if (event.userName() != null) {
            traits.put("username", event.userName());
        }
        message.putObject("context").putObject("library").put("name", "sentry").put("version", version);
        return message.toString();
    }
}
