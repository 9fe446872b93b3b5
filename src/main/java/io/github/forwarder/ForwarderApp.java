package io.github.forwarder;

import io.github.forwarder.configuration.AreaConfiguration;
import io.github.forwarder.configuration.DedupeConfiguration;
import io.github.forwarder.configuration.DeliveryConfiguration;
import io.github.forwarder.configuration.IntakeConfiguration;
import io.github.forwarder.configuration.JmsSourceConfiguration;
import io.github.forwarder.configuration.OperationsConfiguration;
import java.util.List;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts the forwarder as its own application with Camel Main; everything else lives in routes/ and
 * application.properties. An existing Camel application embeds it instead (README "Embedding"): it loads the
 * same configuration classes, and the routes and Kamelet from the jar.
 */
public final class ForwarderApp {

    /** The operator's application.properties in the working folder wins over the copy shipped in the jar. */
    static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:" + ForwarderDefaults.RESOURCE;
    /**
     * The configuration classes that bind the forwarder's beans, one per area, in order: each is given the beans of
     * those before it. A Spring Boot application's starter runs the same list.
     */
    public static final List<Class<? extends AreaConfiguration>> CONFIGURATIONS = List.of(DedupeConfiguration.class,
            DeliveryConfiguration.class, OperationsConfiguration.class, IntakeConfiguration.class,
            JmsSourceConfiguration.class);
    /** Jolokia's policy (jolokia.policyLocation); its default, jolokia-access.xml at the root, could be any jar's. */
    static final String JOLOKIA_POLICY = "classpath:/io/github/forwarder/jolokia-access.xml";

    private ForwarderApp() {
    }

    public static void main(String[] args) throws Exception {
        try {
            newMain().run(args);
        } catch (RuntimeException e) {
            InvalidSettingsException invalid = invalidSettings(e);
            if (invalid == null) {
                throw e;
            }
            LoggerFactory.getLogger(ForwarderApp.class).error(invalid.getMessage());
            System.exit(1);
        }
    }

    /** The settings that stopped the start, wherever Camel wrapped them (a bind method's failure is wrapped). */
    public static InvalidSettingsException invalidSettings(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingsException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /** The one way the forwarder is assembled, used by production and by the tests alike. */
    public static Main newMain() {
        // The standalone forwarder owns its JVM, so its policy is the JVM's: /observe/jolokia and the console's.
        if (System.getProperty("jolokia.policyLocation") == null) {
            System.setProperty("jolokia.policyLocation", JOLOKIA_POLICY);
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        // Instances, which Camel injects once (a class name it would inject twice: once as it makes it).
        for (Class<? extends AreaConfiguration> configuration : CONFIGURATIONS) {
            try {
                main.configure().addConfiguration(configuration.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not make " + configuration.getName(), e);
            }
        }
        main.addMainListener(new PortsInUse());
        return main;
    }
}
