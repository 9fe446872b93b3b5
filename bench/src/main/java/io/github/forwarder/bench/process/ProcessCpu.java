package io.github.forwarder.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far (user + system), from /proc/<pid>/stat, as the kernel accounts it. */
public final class ProcessCpu {

    /** Clock ticks per second of /proc's times; 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    public static double seconds(long pid) {
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
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12]
        return ticks(stat, 11) / TICKS_PER_SECOND;
    }

    /** Fields 16 and 17 (cutime, cstime): the CPU of the children the process waited for, e.g. a shell's command. */
    public static double childrenSecondsOf(String stat) {
        return ticks(stat, 13) / TICKS_PER_SECOND;
    }

    private static long ticks(String stat, int userField) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[userField]) + Long.parseLong(fields[userField + 1]);
    }
}
