package io.github.forwarder.ops;

import org.apache.camel.support.EventNotifierSupport;

/** Camel skips creating the events a notifier ignores: the observers start from ignoring all and opt in. */
final class ObservedEvents {

    private ObservedEvents() {
    }

    static void only(EventNotifierSupport notifier) {
        notifier.setIgnoreCamelContextEvents(true);
        notifier.setIgnoreCamelContextInitEvents(true);
        notifier.setIgnoreRouteEvents(true);
        notifier.setIgnoreServiceEvents(true);
        notifier.setIgnoreStepEvents(true);
        notifier.setIgnoreExchangeEvents(false);
        notifier.setIgnoreExchangeCreatedEvent(true);
        notifier.setIgnoreExchangeCompletedEvent(true);
        notifier.setIgnoreExchangeFailedEvents(true);
        notifier.setIgnoreExchangeRedeliveryEvents(true);
        notifier.setIgnoreExchangeSendingEvents(true);
        notifier.setIgnoreExchangeSentEvents(true);
        notifier.setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }
}
