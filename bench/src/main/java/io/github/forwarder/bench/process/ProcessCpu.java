package io.github.forwarder.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far (user + system), from /proc/<pid>/stat, as the kernel accounts it. */
final class ProcessCpu {

    /** Clock ticks per second of /proc's times; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    static double seconds(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secondsOf(stat);
    }

    /** Fields 14 and 15 (utime, stime) counted after the command name, which may itself hold spaces. */
    static double secondsOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12]
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}
