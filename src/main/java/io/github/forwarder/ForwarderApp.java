package io.github.forwarder;

import io.github.forwarder.ops.OperationsConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** Starts the forwarder with Camel Main; everything else lives in routes/ and application.properties. */
public final class ForwarderApp {

    /** The operator's application.properties in the working folder wins over the copy shipped in the jar. */
    static final String PROPERTY_LOCATIONS = "file:application.properties;optional=true,classpath:application.properties";

    private ForwarderApp() {
    }

    public static void main(String[] args) throws Exception {
        try {
            newMain().run(args);
        } catch (InvalidSettingsException e) {
            LoggerFactory.getLogger(ForwarderApp.class).error(e.getMessage());
            System.exit(1);
        }
    }

    /** The one way the forwarder is assembled, used by production and by the tests alike. */
    public static Main newMain() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(ForwarderConfiguration.class);
        main.configure().addConfiguration(OperationsConfiguration.class);
        // Camel Main creates its HTTP servers before the configurations run, so this factory is bound up front.
        main.bind("forwarderHttpServers", new ForwarderHttpServers());
        return main;
    }
}
