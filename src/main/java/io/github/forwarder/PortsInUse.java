package io.github.forwarder;

import static io.github.forwarder.Settings.setting;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The runnable forwarder refuses to start when its intake or management port is taken: Camel's HTTP server only
 * logs that it could not listen, and the process would run on, consuming its source, with no intake, health or
 * metrics. Each port is bound once and let go before Camel configures anything, by a socket that never listens:
 * a listening one would take the connections of clients already posting (Sentry during a redeploy) into its
 * backlog and reset them when closed, where a port nobody listens on refuses them, which clients retry.
 */
final class PortsInUse extends MainListenerSupport {

    /** The servers checked: each port's setting, and the setting that turns its server on. */
    private static final String[][] SERVERS = {
        {"camel.server.port", "camel.server.host", "camel.server.enabled"},
        {"camel.management.port", "camel.management.host", "camel.management.enabled"},
    };

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        List<String> taken = new ArrayList<>();
        for (String[] server : SERVERS) {
            if (Boolean.parseBoolean(setting(properties, server[2])) && !setting(properties, server[0]).isBlank()) {
                String problem = problem(setting(properties, server[1]), Integer.parseInt(setting(properties, server[0])));
                if (problem != null) {
                    taken.add("port " + setting(properties, server[0]) + " (" + server[0] + ") " + problem);
                }
            }
        }
        if (!taken.isEmpty()) {
            throw new InvalidSettingsException("Refusing to start: " + String.join("; ", taken)
                    + "; stop what holds it or choose another port");
        }
    }

    /** Null when the port can be listened on; otherwise why not. */
    static String problem(String host, int port) {
        try (SocketChannel socket = SocketChannel.open()) {
            // Linux refuses this bind while any socket listens on the port, and allows it beside TIME_WAITs.
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return null;
        } catch (IOException e) {
            return "cannot be listened on at " + host + ": " + e.getMessage();
        }
    }
}
