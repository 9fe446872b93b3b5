package io.github.forwarder.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The machine a run measured, as the report states it: cores, memory, CPU, kernel, Java, load. */
public final class Machine {

    private Machine() {
    }

    public static String describe(String java) {
        return String.join("\n",
                "- cores (nproc): " + Runtime.getRuntime().availableProcessors(),
                "- memory: " + firstLine("/proc/meminfo", "MemTotal:").replaceAll("\\s+", " "),
                "- CPU: " + firstLine("/proc/cpuinfo", "model name").replaceAll(".*:\\s*", ""),
                "- kernel: " + read("/proc/sys/kernel/osrelease"),
                "- Java: " + String.join(" / ", output(List.of(java, "-version"))),
                "- load average at start (1, 5, 15 min): " + loadAverage());
    }

    public static String loadAverage() {
        String[] parts = read("/proc/loadavg").split(" ");
        return parts[0] + ", " + parts[1] + ", " + parts[2];
    }

    /** The machine's CPU time so far, in the kernel's ticks: all of it, and what the host took (steal). */
    public record CpuTicks(long total, long stolen) {

        public static CpuTicks now() {
            String[] fields = firstLine("/proc/stat", "cpu ").trim().split("\\s+");
            if (fields.length < 9) {
                return new CpuTicks(0, 0);
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) { // user to steal; guest time is inside user
                total += Long.parseLong(fields[i]);
            }
            return new CpuTicks(total, Long.parseLong(fields[8]));
        }

        /**
         * The share of the cores' time the host gave to others since {@code start}: a shared machine's noise,
         * which no figure of the run can see otherwise.
         */
        public String stolenSince(CpuTicks start) {
            long total = this.total - start.total;
            return total <= 0 ? "unknown" : String.format(Locale.ROOT, "%.0f%%",
                    100.0 * (stolen - start.stolen) / total);
        }
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A command's console lines; empty when it cannot run. */
    static List<String> output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return out.lines().toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
