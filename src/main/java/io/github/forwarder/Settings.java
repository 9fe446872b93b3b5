package io.github.forwarder;

import org.apache.camel.spi.PropertiesComponent;

/** Reads a setting from application.properties, -D or the environment; "" when it is not set. */
public final class Settings {

    private Settings() {
    }

    public static String setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).orElse("");
    }
}
