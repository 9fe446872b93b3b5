package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool folder's files as the forwarding route sees them: groups appended to one file, which appears (under a
 * name the route reads) once it is due; a file a dead writer left open appears too, without a line its death cut.
 */
class SpoolAppendFilesTest {

    @TempDir
    Path folder;

    /**
     * The default spool's consumer polls as often as a writer publishes a file, so that a poll takes about one file:
     * two numbers in two places (the delay in application.properties, PUBLISH_AFTER_MS here), held together by this.
     */
    @Test
    void theDefaultSpoolIsPolledAsOftenAsItsFilesArePublished() throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("forwarder.source"))
                .contains("&delay=" + SpoolAppendFiles.PUBLISH_AFTER_MS + "&");
    }

    @Test
    void groupsShareOneFileThatAppearsWhenDue() throws Exception {
        SpoolAppendFiles spool = new SpoolAppendFiles(folder, true, false);
        spool.write(List.of(line("a"), line("b")));
        spool.write(List.of(line("c")));
        assertThat(visible()).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> spool.nanosUntilDue() <= 0);
        spool.tend();

        assertThat(visible()).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).startsWith(IntakeMarks.FILE_PREFIX).endsWith(".json");
            assertThat(Files.readAllLines(file)).containsExactly(text("a"), text("b"), text("c"));
        });
        assertThat(hidden()).isEmpty();

        spool.write(List.of(line("d")));
        spool.close(); // a stop publishes at once
        assertThat(visible()).hasSize(2);
        assertThat(hidden()).isEmpty();
    }

    @Test
    void aBodyThatIsNotOneLineGetsAFileOfItsOwnAtOnce() throws Exception {
        SpoolAppendFiles spool = new SpoolAppendFiles(folder, true, true);
        spool.write(List.of(line("a")));
        byte[] utf16 = "{\"x\":\n1}".getBytes(StandardCharsets.UTF_16);
        spool.writeAlone(utf16);

        assertThat(visible()).singleElement().satisfies(file -> assertThat(Files.readAllBytes(file)).isEqualTo(utf16));
        spool.close();
        assertThat(visible()).hasSize(2);
    }

    @Test
    void aFileLeftOpenByADeadWriterAppearsWithoutTheLineItsDeathCut() throws Exception {
        Files.writeString(folder.resolve(".open-http-20261207-000000-000-aaaaaa-000000001.json"),
                text("a") + "\n" + text("b") + "\n{\"cut\":");
        Files.writeString(folder.resolve(".open-http-20261207-000000-000-aaaaaa-000000002.json"), "{\"cut");

        new SpoolAppendFiles(folder, true, false).tend(); // a writer starting on the folder

        assertThat(visible()).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).isEqualTo("http-20261207-000000-000-aaaaaa-000000001.json");
            assertThat(Files.readString(file)).isEqualTo(text("a") + "\n" + text("b") + "\n");
        });
        assertThat(hidden()).isEmpty();
    }

    @Test
    void aFileAnotherWriterHoldsOpenIsLeftToIt() throws Exception {
        SpoolAppendFiles writing = new SpoolAppendFiles(folder, true, false);
        writing.write(List.of(line("a")));

        new SpoolAppendFiles(folder, true, false).tend();

        assertThat(visible()).isEmpty();
        assertThat(hidden()).singleElement().satisfies(file -> assertThat(Files.readString(file)).isEqualTo(text("a") + "\n"));
        writing.write(List.of(line("b")));
        writing.close();
        assertThat(visible()).singleElement().satisfies(file ->
                assertThat(Files.readAllLines(file)).containsExactly(text("a"), text("b")));
    }

    private static String text(String id) {
        return "{\"event_id\":\"" + id + "\"}";
    }

    private static byte[] line(String id) {
        return (text(id) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> visible() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private List<Path> hidden() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
