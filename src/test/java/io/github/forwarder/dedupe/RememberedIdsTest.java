package io.github.forwarder.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dedupe window: the last N ids, kept across restarts, with removals, in a file that stays bounded. */
class RememberedIdsTest {

    @TempDir
    Path dir;

    @Test
    void remembersTheLastIdsAcrossARestart() throws Exception {
        Path file = dir.resolve("ids.dat");
        RememberedIds before = started(file, 3);
        assertThat(before.add("a")).isTrue();
        assertThat(before.add("a")).isFalse();
        before.add("b");
        before.add("c");
        before.add("d");
        before.remove("c");
        before.stop();

        RememberedIds after = started(file, 3);
        assertThat(after.contains("a")).as("the oldest left the window").isFalse();
        assertThat(after.contains("b")).isTrue();
        assertThat(after.contains("c")).as("removed stays removed").isFalse();
        assertThat(after.contains("d")).isTrue();
        after.stop();
    }

    @Test
    void aBatchOfIdsIsRememberedAcrossARestart() throws Exception {
        Path file = dir.resolve("ids.dat");
        RememberedIds before = started(file, 3);
        before.add("a");
        before.addAll(List.of("b", "a", "c", "d"));
        before.stop();

        RememberedIds after = started(file, 3);
        assertThat(after.contains("a")).as("the oldest left the window").isFalse();
        assertThat(List.of("b", "c", "d")).allMatch(after::contains);
        after.stop();
    }

    @Test
    void theFileIsCompactedToTheWindow() throws Exception {
        Path file = dir.resolve("ids.dat");
        RememberedIds ids = started(file, 100);
        for (int i = 0; i < 10_000; i++) {
            ids.add("event-" + i);
        }
        ids.stop();

        assertThat(Files.readAllLines(file).size()).isLessThanOrEqualTo(2 * 100 + 1);
        RememberedIds again = started(file, 100);
        assertThat(again.size()).isEqualTo(100);
        assertThat(again.contains("event-9999")).isTrue();
        assertThat(again.contains("event-9899")).isFalse();
        again.stop();
    }

    private static RememberedIds started(Path file, int capacity) {
        RememberedIds ids = new RememberedIds(file, capacity);
        ids.start();
        return ids;
    }
}
