package io.github.forwarder.segment;

import static io.github.forwarder.Settings.setting;

import io.github.forwarder.InvalidSettingsException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads {@code forwarder.projects.<slug-or-id>.{writeKey,baseUrl,enabled}} from wherever a setting can come from.
 * Camel resolves a key from the file, -D or the environment, but only lists the file's keys, so the projects are
 * found here: in the file's keys, the system properties' keys, the variables named
 * {@code FORWARDER_PROJECTS_<NAME>_WRITEKEY} (or {@code _BASEURL}, {@code _ENABLED}) and the {@code forwarder.projects}
 * list. Each project's values are then resolved the usual way. A setting that could never take effect stops
 * start-up, naming the key.
 */
public final class ProjectSettingsReader {

    private static final String PREFIX = "forwarder.projects.";
    private static final String ENV_PREFIX = "FORWARDER_PROJECTS_";
    private static final List<String> SETTINGS = List.of("writeKey", "baseUrl", "enabled");
    /** The names Camel's environment lookup accepts for each setting (upper case, and camelCase split). */
    private static final List<String> ENV_SETTINGS = List.of("WRITEKEY", "WRITE_KEY", "BASEURL", "BASE_URL", "ENABLED");
    /** Sentry slugs are lower-case letters, digits, dashes and underscores; ids are digits. */
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9_-]+");

    private final PropertiesComponent properties;
    private final Properties systemProperties;
    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    public ProjectSettingsReader(PropertiesComponent properties, Properties systemProperties,
            Map<String, String> environment) {
        this.properties = properties;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** The production sources: this JVM's system properties and environment. */
    public static Map<String, SegmentDestinations.ProjectSettings> read(PropertiesComponent properties) {
        return new ProjectSettingsReader(properties, System.getProperties(), System.getenv()).read();
    }

    /** Each project's settings by slug or id, or an exception naming every setting that can never match. */
    public Map<String, SegmentDestinations.ProjectSettings> read() {
        Set<String> names = new TreeSet<>();
        properties.loadProperties(key -> key.startsWith(PREFIX)).stringPropertyNames()
                .forEach(key -> addFromKey(key, names));
        systemProperties.stringPropertyNames().stream().filter(key -> key.startsWith(PREFIX))
                .forEach(key -> addFromKey(key, names));
        for (String listed : setting(properties, "forwarder.projects").split(",")) {
            if (!listed.isBlank() && isValidName(listed.trim(), "forwarder.projects lists \"" + listed.trim() + "\"")) {
                names.add(listed.trim());
            }
        }
        // after the others, so that a variable of a listed or -D project (mobile-api) is not taken for a new one
        environment.keySet().stream().filter(variable -> variable.startsWith(ENV_PREFIX)).sorted()
                .forEach(variable -> addFromVariable(variable, names));

        Map<String, SegmentDestinations.ProjectSettings> projects = new TreeMap<>();
        for (String name : names) {
            projects.put(name, resolve(name));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Refusing to start: " + String.join("; ", problems));
        }
        return projects;
    }

    private void addFromKey(String key, Set<String> names) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.lastIndexOf('.');
        String suffix = rest.substring(dot + 1);
        if (dot < 0 || !SETTINGS.contains(suffix)) {
            problems.add(key + " is not a project setting; a project takes " + PREFIX + "<slug-or-id>.writeKey, "
                    + ".baseUrl or .enabled (spelled so)");
        } else if (isValidName(rest.substring(0, dot), key)) {
            names.add(rest.substring(0, dot));
        }
    }

    private void addFromVariable(String variable, Set<String> names) {
        String rest = variable.substring(ENV_PREFIX.length());
        String suffix = ENV_SETTINGS.stream().filter(s -> rest.endsWith("_" + s)).findFirst().orElse(null);
        if (suffix == null) {
            problems.add("environment variable " + variable + " is not a project setting; a project takes "
                    + ENV_PREFIX + "<NAME>_WRITEKEY, _BASEURL or _ENABLED");
            return;
        }
        String upperName = rest.substring(0, rest.length() - suffix.length() - 1);
        boolean known = names.stream().anyMatch(name -> asVariablePart(name).equals(upperName));
        String name = upperName.toLowerCase(Locale.ROOT);
        if (!known && isValidName(name, "environment variable " + variable)) {
            names.add(name);
        }
    }

    private boolean isValidName(String name, String where) {
        if (name.isEmpty()) {
            problems.add(where + " names no project");
            return false;
        }
        if (!PROJECT_NAME.matcher(name).matches()) {
            problems.add(where + ": \"" + name + "\" is not a Sentry project slug or id (lower-case letters, digits, "
                    + "- and _)");
            return false;
        }
        return true;
    }

    private SegmentDestinations.ProjectSettings resolve(String name) {
        String prefix = PREFIX + name + ".";
        String writeKey = properties.resolveProperty(prefix + "writeKey").orElse("").trim();
        String baseUrl = properties.resolveProperty(prefix + "baseUrl").orElse("").trim();
        String enabled = properties.resolveProperty(prefix + "enabled").orElse("").trim();
        if (!baseUrl.isEmpty() && !isHttpUrl(baseUrl)) {
            problems.add(named(prefix + "baseUrl") + " is \"" + baseUrl + "\", not an http:// or https:// URL");
        }
        if (!enabled.isEmpty() && !enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            problems.add(named(prefix + "enabled") + " is \"" + enabled + "\", not true or false");
        }
        return new SegmentDestinations.ProjectSettings(writeKey.isEmpty() ? null : writeKey,
                baseUrl.isEmpty() ? null : baseUrl.replaceAll("/+$", ""), !enabled.equalsIgnoreCase("false"));
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The key, and the variable that may have set it: the value can come from either. */
    private static String named(String key) {
        return key + " (" + asVariablePart(key) + ")";
    }

    /** How Camel spells a name in an environment variable: upper case, dashes and dots as underscores. */
    private static String asVariablePart(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
