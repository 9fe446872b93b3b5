package io.github.forwarder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The defaults of the forwarder's own settings (forwarder.*, segment.*, sentry.*), read from the
 * application.properties shipped in the jar and given the lowest precedence, below any file, -D or environment
 * variable. So an application that embeds the forwarder sets only what it changes; the camel.* lines of that
 * file stay the runnable forwarder's, since in a host they are the host's to choose.
 */
public final class ForwarderDefaults {

    public static final String RESOURCE = "io/github/forwarder/application.properties";
    private static final Pattern OWN_SETTING = Pattern.compile("(forwarder|segment|sentry)\\..+");

    private ForwarderDefaults() {
    }

    public static void addTo(PropertiesComponent properties) {
        Properties defaults = new Properties();
        try (InputStream in = ForwarderDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : defaults.stringPropertyNames()) {
            if (OWN_SETTING.matcher(key).matches()) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
    }
}
