package io.github.forwarder.bench.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The jms scenario's ActiveMQ Artemis broker in a JVM of its own, as an operator runs one beside the forwarders:
 * persistent (its journal in the given folder, Artemis' default journal settings, so a durable send is on disk
 * before the broker acknowledges it), one TCP acceptor on loopback, no security. Queues are created on first use.
 *
 * Usage: BrokerServer <port> <data folder>; prints "broker listening on <port>" once it accepts connections.
 */
public final class BrokerServer {

    public static final String READY_LINE = "broker listening on ";

    private BrokerServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setName("bench-broker").setSecurityEnabled(false).setPersistenceEnabled(true)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
        broker.start();
        System.out.println(READY_LINE + port + " (journal: "
                + broker.getActiveMQServer().getConfiguration().getJournalType() + ")");
        new CountDownLatch(1).await(); // runs until the harness stops it
    }
}
