package io.github.forwarder.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkout's forwarder runs with the JVM options its own README's run command gives (--before included). */
class ReadmeJvmOptionsTest {

    @Test
    void theOptionsBetweenJavaAndJarAreRead(@TempDir Path checkout) throws IOException {
        Files.writeString(checkout.resolve("README.md"), "# x\n\n```sh\nmvn -B package -DskipTests && java -Xms64m"
                + " -Xmx256m  -XX:+UseParallelGC -jar target/sentry-segment-forwarder.jar   # run it\n```\n");
        assertEquals(List.of("-Xms64m", "-Xmx256m", "-XX:+UseParallelGC"),
                ForwarderProcess.readmeJvmOptions(checkout));
    }

    @Test
    void thisRepositorysReadmeGivesTheHeapLimit() {
        assertTrue(ForwarderProcess.readmeJvmOptions(Path.of("..")).stream().anyMatch(o -> o.startsWith("-Xmx")));
    }
}
