package io.github.forwarder.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README's "Where the flow lives" names every route file and every Java package, so a reader can follow by eye. */
class ReadmeNamesEveryRouteAndPackageTest {

    private static final Path PACKAGES = Path.of("src/main/java/io/github/forwarder");

    @Test
    void everyRouteFileAndPackageIsNamed() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String flow = readme.substring(readme.indexOf("## Where the flow lives"),
                readme.indexOf("\n## ", readme.indexOf("## Where the flow lives") + 1));
        for (Path route : list(Path.of("routes"))) {
            assertThat(flow).as("README names " + route).contains("`routes/" + route.getFileName() + "`");
        }
        for (Path dir : list(PACKAGES)) {
            if (Files.isDirectory(dir)) {
                assertThat(flow).as("README names the package " + dir.getFileName())
                        .contains("`" + dir.getFileName() + "/`");
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
