package io.github.forwarder.sentry;

/** Which of Sentry's payloads (README "Inputs") an event arrived in; the label of the received metric. */
public enum SentryShape {
    EVENT("event"),
    WEBHOOK_PLUGIN("webhook-plugin"),
    SERVICE_HOOK("service-hook"),
    INTEGRATION_ERROR("integration-error"),
    INTEGRATION_EVENT_ALERT("integration-event-alert");

    private final String label;

    SentryShape(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
