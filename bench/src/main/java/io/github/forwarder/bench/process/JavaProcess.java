package io.github.forwarder.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM under test, run as its own process: its console goes to a log file, and the time from process start to
 * its Readiness is its time to ready. Its peak memory is the kernel's own high-water mark, its CPU time the
 * kernel's account in /proc.
 */
public final class JavaProcess implements AutoCloseable {

    private static final long PROBE_EVERY_MILLIS = 20;

    private final Process process;
    private final Path log;
    private final long startedNanos;
    private final CompletableFuture<Long> readyNanos = new CompletableFuture<>();
    private Thread consoleCopier;

    private JavaProcess(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts the command in the folder and waits until it is ready. */
    public static JavaProcess start(List<String> command, Path workingDir, Map<String, String> environment,
            Path log, Readiness readiness, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        JavaProcess started;
        try {
            long startedNanos = System.nanoTime();
            started = new JavaProcess(builder.start(), log, startedNanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.copyConsole(readiness instanceof Readiness.ConsoleLine line ? line.marker() : null);
        if (readiness instanceof Readiness.HttpOk http) {
            started.probe(http);
        }
        try {
            started.readyNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            started.close();
            throw new IllegalStateException("not ready within " + timeout + ": " + command + "; see " + log, e);
        }
        return started;
    }

    private void copyConsole(String readyMarker) {
        Thread copier = new Thread(() -> {
            try (BufferedReader console = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = console.readLine()) != null) {
                    if (readyMarker != null && !readyNanos.isDone() && line.contains(readyMarker)) {
                        readyNanos.complete(System.nanoTime());
                    }
                    out.write(line);
                    out.write('\n');
                }
            } catch (IOException e) {
                readyNanos.completeExceptionally(e);
            }
            readyNanos.completeExceptionally(new IllegalStateException("the process exited"));
        }, "console-" + process.pid());
        copier.setDaemon(true);
        consoleCopier = copier;
        copier.start();
    }

    /** Polls the URL from process start until it answers 200 (connection refused until the server listens). */
    private void probe(Readiness.HttpOk readiness) {
        Thread prober = new Thread(() -> {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request = HttpRequest.newBuilder(readiness.uri()).timeout(Duration.ofSeconds(2)).build();
            while (!readyNanos.isDone() && process.isAlive()) {
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyNanos.complete(System.nanoTime());
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(PROBE_EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ready-probe-" + process.pid());
        prober.setDaemon(true);
        prober.start();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** From process start to ready. */
    public Duration startUp() {
        return Duration.ofNanos(readyNanos.join() - startedNanos);
    }

    /** CPU time (user + system) used so far, in seconds. */
    public double cpuSeconds() {
        return ProcessCpu.seconds(pid());
    }

    /** Peak resident memory so far in MB (VmHWM of /proc/<pid>/status). */
    public double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid() + "/status");
    }

    /** SIGKILL: no shutdown hook runs; returns once the process is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
            consoleCopier.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, a graceful stop; SIGKILL if it has not stopped within 30 s. Its log is complete afterwards. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            consoleCopier.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
