package io.github.forwarder.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Declared equals used: every {{placeholder}} in routes/ and every setting the Java code reads is defined, with a
 * comment, in application.properties; every forwarder/segment/sentry key defined there is used somewhere.
 */
class SettingsAreDocumentedTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9_.-]+)");
    private static final Pattern JAVA_SETTING = Pattern.compile(
            "(?:setting\\(properties, |@PropertyInject\\((?:value = )?)\"([a-zA-Z0-9_.-]+)\"");
    private static final Pattern COMMENTED_OUT_KEY = Pattern.compile("#\\s*[a-zA-Z0-9_.\\[\\]-]+\\s*=.*");
    private static final Pattern OWN_KEY = Pattern.compile("^#?\\s*((?:forwarder|segment|sentry)\\.[a-zA-Z0-9_.-]+)\\s*=",
            Pattern.MULTILINE);

    @Test
    void everyUsedSettingIsDefinedWithAComment() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        for (String key : used()) {
            int definition = lines.indexOf(lines.stream().filter(line -> definesKey(line, key)).findFirst()
                    .orElseThrow(() -> new AssertionError("application.properties defines " + key + " (not commented out)")));
            assertThat(hasCommentAbove(lines, definition)).as("a comment above " + key + " says what it is for").isTrue();
        }
    }

    @Test
    void aSettingWithoutAProseCommentIsCaught() {
        assertThat(hasCommentAbove(List.of("", "forwarder.rate=1"), 1)).isFalse();
        assertThat(hasCommentAbove(List.of("#forwarder.other=2", "forwarder.rate=1"), 1)).isFalse();
        assertThat(hasCommentAbove(List.of("# ----------", "forwarder.rate=1"), 1)).isFalse();
        assertThat(hasCommentAbove(List.of("# Other.", "forwarder.other=2", "forwarder.rate=1"), 2)).isFalse();
        assertThat(hasCommentAbove(List.of("# Most requests a second.", "forwarder.rate=1"), 1)).isTrue();
        assertThat(definesKey("#forwarder.rate=1", "forwarder.rate")).isFalse();
    }

    /** {@code key=value}, not commented out. */
    static boolean definesKey(String line, String key) {
        return line.matches(Pattern.quote(key) + "\\s*=.*");
    }

    /**
     * The line right above the definition is prose: the end of the comment that says what the key is for. Another
     * key, a commented-out key, a blank line or a section rule is no comment.
     */
    static boolean hasCommentAbove(List<String> lines, int definition) {
        if (definition == 0) {
            return false;
        }
        String line = lines.get(definition - 1).trim();
        return line.startsWith("#") && !COMMENTED_OUT_KEY.matcher(line).matches()
                && !line.replaceAll("[#\\s-]", "").isEmpty();
    }

    @Test
    void everyDefinedSettingIsUsed() throws IOException {
        Set<String> used = used();
        Matcher defined = OWN_KEY.matcher(Files.readString(Path.of("application.properties")));
        while (defined.find()) {
            assertThat(used).as("something reads " + defined.group(1)).contains(defined.group(1));
        }
    }

    private static Set<String> used() throws IOException {
        Set<String> keys = new TreeSet<>();
        collect(Path.of("routes"), PLACEHOLDER, keys);
        collect(Path.of("src/main/java"), JAVA_SETTING, keys);
        collect(Path.of("application.properties"), PLACEHOLDER, keys);
        return keys;
    }

    private static void collect(Path root, Pattern pattern, Set<String> keys) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
    }
}
