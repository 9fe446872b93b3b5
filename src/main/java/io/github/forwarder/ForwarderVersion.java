package io.github.forwarder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The bundle version Maven writes into forwarder-version.properties; sent as Segment's library version. */
public final class ForwarderVersion {

    private ForwarderVersion() {
    }

    public static String get() {
        try (InputStream in = ForwarderVersion.class.getResourceAsStream("/forwarder-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
