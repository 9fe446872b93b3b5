package io.github.forwarder.spring;

import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The forwarder's own settings (forwarder.*, segment.*, sentry.*) from Spring's Environment, in Spring's order
 * (command line, -D, environment, profiles, application.properties or .yaml), for Camel, which asks its property
 * sources before the jar's defaults. A key is found as the forwarder spells it (segment.writeKey) and in Spring's
 * relaxed forms (segment.write-key, SEGMENT_WRITEKEY).
 */
final class SpringSettings implements LoadablePropertiesSource {

    private static final Pattern OWN_SETTING = Pattern.compile("(forwarder|segment|sentry)\\..+");
    private static final Pattern CAMEL_CASE_HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final Environment environment;

    SpringSettings(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "Spring Environment";
    }

    @Override
    public String getProperty(String name) {
        if (!OWN_SETTING.matcher(name).matches()) {
            return null; // the host's own placeholders resolve as Camel Spring Boot resolves them
        }
        String value = environment.getProperty(kebabCase(name));
        return value != null ? value : environment.getProperty(name);
    }

    /** The keys set in Spring's property sources (the per-project settings are found so). */
    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties found = new Properties();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (OWN_SETTING.matcher(name).matches() && filter.test(name) && !found.containsKey(name)) {
                            String value = getProperty(name);
                            if (value != null) {
                                found.setProperty(name, value);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public void reloadProperties(String location) {
    }

    /** segment.writeKey as Spring's canonical segment.write-key. */
    static String kebabCase(String name) {
        return CAMEL_CASE_HUMP.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
