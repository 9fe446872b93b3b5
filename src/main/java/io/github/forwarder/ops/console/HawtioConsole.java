package io.github.forwarder.ops.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.security.auth.login.Configuration;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.webapp.ClassMatcher;
import org.eclipse.jetty.webapp.WebAppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the hawtio-default war (copied into the jar at hawtio/hawtio.war by the build) from an embedded Jetty,
 * started and stopped with the Camel context; the war's own Jolokia at /hawtio/jolokia reads the Camel MBeans of
 * this JVM. Operators log in with {@link ConsoleCredentials} through Hawtio's own login page.
 */
public final class HawtioConsole extends ServiceSupport {

    static final String REALM = "forwarder-console";
    static final String ROLE = "operator";
    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

    private final ConsoleSettings settings;
    private Server server;
    private Path workDir;

    public HawtioConsole(ConsoleSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doStart() {
        if (!settings.enabled()) {
            return;
        }
        if (!settings.credentials().isSet()) {
            LOG.warn("Hawtio console not started: set forwarder.console.password (FORWARDER_CONSOLE_PASSWORD) to serve it at {}",
                    settings.url());
            return;
        }
        try {
            startJetty();
            LOG.info("Hawtio console at {} (user {})", settings.url(), settings.credentials().user());
        } catch (Exception e) {
            // Like Camel's own HTTP servers: the forwarder keeps running without its console.
            LOG.error("Hawtio console could not start at {}: {}", settings.url(), e.toString());
            doStop();
        }
    }

    private void startJetty() throws Exception {
        workDir = Files.createTempDirectory("hawtio-console-");
        Path war = workDir.resolve("hawtio.war");
        try (InputStream in = HawtioConsole.class.getResourceAsStream("/hawtio/hawtio.war")) {
            if (in == null) {
                throw new IllegalStateException("hawtio/hawtio.war is not on the classpath");
            }
            Files.copy(in, war);
        }
        // Hawtio 4 reads its settings from JVM-wide system properties, and asks JAAS for its realm.
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", REALM);
        System.setProperty("hawtio.roles", ROLE);
        System.setProperty("hawtio.rolePrincipalClasses", ConsoleLoginModule.Role.class.getName());
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.localAddressProbing", "false");
        Configuration.setConfiguration(ConsoleLoginModule.realm(REALM, settings.credentials(), currentJaas()));

        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("hawtio-console");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        server.setHandler(webapp(war));
        server.start();
    }

    private WebAppContext webapp(Path war) throws IOException {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/hawtio");
        webapp.setWar(war.toString());
        webapp.setTempDirectory(Files.createDirectories(workDir.resolve("work")).toFile());
        webapp.setThrowUnavailableOnStartupException(true);
        // The war's own Jolokia, Jackson and logging win over the forwarder's.
        webapp.setParentLoaderPriority(false);
        // The forwarder's Jolokia (for /observe/jolokia) is a newer version; if the war saw its classes or its
        // META-INF/jolokia service lists, the war's Jolokia would fail with a ClassCastException.
        ClassMatcher hideForwarderJolokia = new ClassMatcher();
        hideForwarderJolokia.add("org.jolokia.", "META-INF.jolokia.");
        webapp.addServerClassMatcher(hideForwarderJolokia);
        // The war logs through the forwarder's logging and its configuration, so -Dforwarder.logFormat=json holds.
        webapp.addSystemClassMatcher(new ClassMatcher("org.slf4j.", "org.apache.logging.", "log4j2.properties"));
        return webapp;
    }

    private static Configuration currentJaas() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException noConfiguration) {
            return null;
        }
    }

    @Override
    protected void doStop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.warn("Hawtio console did not stop cleanly: {}", e.toString());
        }
        server = null;
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                LOG.debug("Could not delete {}", workDir, e);
            }
            workDir = null;
        }
    }
}
