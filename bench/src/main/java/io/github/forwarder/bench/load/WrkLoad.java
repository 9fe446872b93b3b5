package io.github.forwarder.bench.load;

import io.github.forwarder.bench.process.ProcessCpu;
import io.github.forwarder.bench.sentry.GeneratedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The intake scenario's load generator: wrk (Debian package), its own native process, so the forwarder and the
 * bare server are loaded by exactly the same generator. A closed loop of N connections; its Lua script
 * (resources/wrk/post-sentry-events.lua) posts pre-generated events with a fresh event id each.
 */
public final class WrkLoad {

    private static final String SCRIPT = "wrk/post-sentry-events.lua";
    private static final String RESULT_MARK = "BENCH-RESULT ";
    private static final String CPU_MARK = "BENCH-WRK-CPU ";
    /**
     * wrk under a shell that prints its own /proc stat once wrk ended: its children's CPU fields are wrk's CPU
     * (wrk's own /proc entry is gone by then).
     */
    private static final List<String> WITH_CPU = List.of("bash", "-c",
            "\"$@\"; rc=$?; echo \"" + CPU_MARK + "$(cat /proc/$$/stat)\"; exit $rc", "wrk-cpu");

    private final Path script;
    private final Path bodies;
    private final int threads;
    private final int connections;
    private int runs;

    private WrkLoad(Path script, Path bodies, int threads, int connections) {
        this.script = script;
        this.bodies = bodies;
        this.threads = threads;
        this.connections = connections;
    }

    /** Writes the script and the bodies into folder; every event's id is replaced per request. */
    public static WrkLoad prepare(Path folder, List<GeneratedEvent> events, int threads, int connections) {
        try (InputStream source = WrkLoad.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            Path script = folder.resolve("post-sentry-events.lua");
            Files.copy(source, script, StandardCopyOption.REPLACE_EXISTING);
            Path bodies = folder.resolve("wrk-bodies.txt");
            try (BufferedWriter out = Files.newBufferedWriter(bodies)) {
                for (GeneratedEvent event : events) {
                    String json = new String(event.json(), StandardCharsets.UTF_8);
                    int id = json.indexOf(event.eventId());
                    out.write(json.substring(0, id));
                    out.write('\t');
                    out.write(json.substring(id + event.eventId().length()));
                    out.newLine();
                }
            }
            return new WrkLoad(script, bodies, threads, connections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Is wrk on the PATH? bench/run.sh installs it or says how to. */
    public static boolean installed() {
        try {
            Process wrk = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            wrk.getInputStream().readAllBytes();
            return wrk.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Loads POST url for this long and returns what wrk measured; its console goes to log. */
    public WrkResult run(String url, Duration duration, Path log) {
        // a run prefix of its own, so no two requests of the whole benchmark carry the same event id
        String prefix = String.format(Locale.ROOT, "%08x%08x", ProcessHandle.current().pid(), ++runs);
        List<String> command = new ArrayList<>(WITH_CPU);
        command.addAll(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url, "--",
                bodies.toString(), String.valueOf(threads), prefix));
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!wrk.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
                wrk.destroyForcibly();
                throw new IllegalStateException("wrk did not finish: " + command);
            }
            WrkResult result = null;
            double cpuSeconds = Double.NaN;
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(RESULT_MARK)) {
                    result = WrkResult.parse(line.substring(RESULT_MARK.length()));
                } else if (line.startsWith(CPU_MARK)) {
                    cpuSeconds = ProcessCpu.childrenSecondsOf(line.substring(CPU_MARK.length()));
                }
            }
            if (result != null) {
                return result.withCpuSeconds(cpuSeconds);
            }
            throw new IllegalStateException("wrk printed no result (exit " + wrk.exitValue() + "); see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
