package io.github.forwarder.configuration;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The broker of a jms: source or spool (forwarder.jms.brokerUrl); nothing without one.
 * camel-jms picks up the one ConnectionFactory in the registry. It is a pool: the intake's sends share one
 * connection and reuse sessions. The listener has one connection of its own (see configure) and keeps its
 * consumers (CACHE_CONSUMER; with transacted=true camel-jms would otherwise open a consumer per message).
 * transacted=true uses the listener's own local session transaction (lazyCreateTransactionManager=false, as
 * camel-jms documents for local transactions): the same commit after success and rollback on failure, without
 * a JmsTransactionManager that takes a pooled connection and session of its own for every message and commits
 * that (empty) session too.
 * A jms: source has forwarder.concurrency consumers unless its URI sets concurrentConsumers: a transacted
 * listener holds its message until the message's events are delivered, so one consumer forwarded one event per
 * Segment round trip (bench/run.sh --only jms: 67 events/s end to end).
 */
public class JmsSourceConfiguration extends AreaConfiguration {

    @PropertyInject("forwarder.jms.brokerUrl")
    String brokerUrl;
    @PropertyInject("forwarder.jms.username")
    String username;
    @PropertyInject("forwarder.jms.password")
    String password;
    @PropertyInject("forwarder.concurrency")
    int concurrency;

    // What the bind method made that configure() hands to camel-jms; null without a broker URL.
    private ActiveMQConnectionFactory broker;
    private JmsPoolConnectionFactory pool;

    @BindToRegistry("forwarderJmsConnectionFactory")
    public JmsPoolConnectionFactory forwarderJmsConnectionFactory() {
        if (brokerUrl.isBlank()) {
            broker = null;
            pool = null;
        } else {
            broker = username.isBlank() ? new ActiveMQConnectionFactory(brokerUrl)
                    : new ActiveMQConnectionFactory(brokerUrl, username, password);
            pool = new JmsPoolConnectionFactory();
            pool.setConnectionFactory(broker);
        }
        return pool;
    }

    @Override
    public void configure(CamelContext context) {
        if (broker == null) {
            return;
        }
        JmsConfiguration jms = context.getComponent("jms", JmsComponent.class).getConfiguration();
        // The listener keeps one connection of its own (not the pool's, whose stop() does nothing): stopping the
        // listener stops that connection's deliveries, so a message rolled back at shutdown waits on the queue
        // instead of bouncing between consumers that reject it while they stop, which used up the broker's
        // delivery attempts (Artemis: 10) with 16 consumers.
        jms.setListenerConnectionFactory(broker);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setLazyCreateTransactionManager(false);
        jms.setConcurrentConsumers(concurrency);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                pool.stop();
                broker.close();
            }
        });
    }
}
