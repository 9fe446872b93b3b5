package io.github.forwarder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.ExchangeProperties;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * State between the routes and Java travels in the exchange body; the few exchange properties left are declared,
 * each with why, in {@link ExchangeProperties}: no route, Kamelet or class uses another name, or a name as a bare
 * literal.
 */
class ExchangePropertiesAreDeclaredOnceTest {

    /** A property read in a route or Kamelet: ${exchangeProperty.name...}, or set or removed by a step. */
    private static final Pattern IN_YAML = Pattern.compile(
            "\\$\\{exchangeProperty\\??\\.(\\w+)|(?:setProperty|removeProperty):\\s*\\n\\s*name:\\s*(\\w+)");
    /**
     * A property named by a literal in Java: exchange.getProperty("name"), @ExchangeProperty("name"), ... (not a
     * java.util.Properties or System property).
     */
    private static final Pattern LITERAL_IN_JAVA = Pattern.compile(
            "(?:(?<!System|properties|defaults)\\.(?:get|set|remove)Property|@ExchangeProperty)\\(\\s*\"(\\w+)\"");

    @Test
    void everyPropertyTheRoutesUseIsDeclaredInOneClass() throws Exception {
        Set<String> declared = declared();
        assertThat(declared).hasSizeLessThanOrEqualTo(6);

        Set<String> used = new TreeSet<>();
        for (Path file : files("routes", ".yaml", "kamelets", ".yaml")) {
            Matcher found = IN_YAML.matcher(Files.readString(file));
            while (found.find()) {
                used.add(found.group(1) != null ? found.group(1) : found.group(2));
            }
        }
        assertThat(declared).as("declared in ExchangeProperties").containsAll(used);

        List<String> literals = new ArrayList<>();
        for (Path file : files("src/main/java", ".java")) {
            Matcher found = LITERAL_IN_JAVA.matcher(Files.readString(file));
            while (found.find()) {
                literals.add(file.getFileName() + ": " + found.group(1));
            }
        }
        assertThat(literals).as("exchange properties named by a bare literal").isEmpty();
    }

    private static Set<String> declared() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : ExchangeProperties.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    private static List<Path> files(String... dirsAndSuffixes) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < dirsAndSuffixes.length; i += 2) {
            String suffix = dirsAndSuffixes[i + 1];
            try (Stream<Path> walk = Files.walk(Path.of(dirsAndSuffixes[i]))) {
                walk.filter(path -> path.toString().endsWith(suffix)).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
