package io.github.forwarder;

import io.github.forwarder.ops.OperationsConfiguration;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts the forwarder as its own application with Camel Main; everything else lives in routes/ and
 * application.properties. An existing Camel application embeds it instead (README "Embedding"): it loads the
 * same two configuration classes, and the routes and Kamelet from the jar.
 */
public final class ForwarderApp {

    /** The operator's application.properties in the working folder wins over the copy shipped in the jar. */
    static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:" + ForwarderDefaults.RESOURCE;
    /**
     * The configuration classes that bind the forwarder's beans, in order; a Spring Boot application's starter
     * runs the same list.
     */
    public static final List<Class<? extends CamelConfiguration>> CONFIGURATIONS =
            List.of(ForwarderConfiguration.class, OperationsConfiguration.class);
    /** Jolokia's policy (jolokia.policyLocation); its default, jolokia-access.xml at the root, could be any jar's. */
    static final String JOLOKIA_POLICY = "classpath:/io/github/forwarder/jolokia-access.xml";

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
        // The standalone forwarder owns its JVM, so its policy is the JVM's: /observe/jolokia and the console's.
        if (System.getProperty("jolokia.policyLocation") == null) {
            System.setProperty("jolokia.policyLocation", JOLOKIA_POLICY);
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        CONFIGURATIONS.forEach(main.configure()::addConfiguration);
        main.addMainListener(new PortsInUse());
        return main;
    }
}
