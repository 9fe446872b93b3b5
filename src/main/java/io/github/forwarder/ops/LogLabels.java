package io.github.forwarder.ops;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * Names the route in every line logged while an exchange is routed: the logging MDC holds camel.routeId,
 * camel.exchangeId and camel.contextId (JSON log lines carry them in contextMap), as with camel.main.useMdcLogging.
 * Camel's own way writes and restores the MDC around every step of every exchange (a copy of the thread's map per
 * write, dozens per request); here a step only compares, and the MDC is written when the route or the thread
 * changes: as a route is entered or left, and on a thread the exchange goes on in. It is cleared when the exchange
 * leaves the thread, so no line of another task carries it.
 */
public final class LogLabels implements UnitOfWorkFactory {

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        return new LabelledUnitOfWork(exchange);
    }

    private static final class LabelledUnitOfWork extends DefaultUnitOfWork {

        private final Exchange exchange;
        private final String contextName;

        LabelledUnitOfWork(Exchange exchange) {
            super(exchange, exchange.getContext().getInflightRepository(),
                    Boolean.TRUE.equals(exchange.getContext().isAllowUseOriginalMessage()),
                    Boolean.TRUE.equals(exchange.getContext().isUseBreadcrumb()));
            this.exchange = exchange;
            this.contextName = exchange.getContext().getName();
        }

        @Override
        public void pushRoute(Route route) {
            super.pushRoute(route);
            label();
        }

        @Override
        public Route popRoute() {
            Route left = super.popRoute();
            label();
            return left;
        }

        @Override
        public boolean isBeforeAfterProcess() {
            return true;
        }

        /** On the thread the step runs on: the labels are written only if they differ (a new route or thread). */
        @Override
        public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
            label();
            return callback;
        }

        /** A step that goes on asynchronously leaves this thread: its next steps label the thread they run on. */
        @Override
        public void afterProcess(Processor processor, Exchange exchange, AsyncCallback callback, boolean doneSync) {
            if (!doneSync) {
                clear();
            }
        }

        @Override
        protected void onDone() {
            super.onDone();
            clear();
        }

        private void label() {
            Route route = getRoute();
            String routeId = route == null ? null : route.getRouteId();
            // most steps: the thread already carries this exchange's labels on this route (two lookups, not three)
            if (MDC.get(MDC_EXCHANGE_ID) == exchange.getExchangeId() && routeId != null
                    && routeId.equals(MDC.get(MDC_ROUTE_ID))) {
                return;
            }
            put(MDC_ROUTE_ID, routeId);
            put(MDC_EXCHANGE_ID, exchange.getExchangeId());
            put(MDC_CAMEL_CONTEXT_ID, contextName);
        }

        private static void put(String key, String value) {
            String current = MDC.get(key);
            if (value == null) {
                if (current != null) {
                    MDC.remove(key);
                }
            } else if (!value.equals(current)) {
                MDC.put(key, value);
            }
        }

        private static void clear() {
            put(MDC_ROUTE_ID, null);
            put(MDC_EXCHANGE_ID, null);
            put(MDC_CAMEL_CONTEXT_ID, null);
        }
    }
}
