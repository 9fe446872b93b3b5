package io.github.forwarder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.ForwarderApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A host that embeds the library jar lists the configuration classes itself (README "Embedding"): the list there,
 * and in the example host, is the one the runnable jar and the Spring Boot starter run, in the same order.
 */
class EmbeddingListsTheConfigurationClassesTest {

    private static final Pattern LISTED = Pattern.compile("(?m)^camel\\.main\\.configurationClasses=(.*)$");

    @Test
    void readmeAndTheExampleHostListForwarderAppsConfigurations() throws IOException {
        String configurations = ForwarderApp.CONFIGURATIONS.stream().map(Class::getName)
                .collect(Collectors.joining(","));
        for (Path file : new Path[] {Path.of("README.md"),
                Path.of("examples/embedded-host/src/main/resources/application.properties")}) {
            Matcher listed = LISTED.matcher(Files.readString(file));
            assertThat(listed.find()).as(file + " lists the configuration classes").isTrue();
            assertThat(listed.group(1)).as(file.toString()).isEqualTo(configurations);
        }
    }
}
