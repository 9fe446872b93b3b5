package io.github.forwarder.bench.profile;

import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.report.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled run spent its CPU, from a JFR recording (no async-profiler needed): the share of execution
 * samples by area of code and by hottest method, the CPU the machine and the JVM used, and the GC pauses.
 * A sample's area is the first of AREAS found anywhere on its stack, most specific first: a regular expression
 * the dedupe store runs counts for the dedupe store, JSON parsing inside a route step counts for JSON.
 * The same data `jfr print --events jdk.ExecutionSample <file>` shows, summed.
 */
public final class HotFrames {

    private static final int TOP_METHODS = 15;
    /** Area of code by package or class prefix, most specific first; the first found on a sample's stack wins. */
    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("org.apache.camel.support.processor.idempotent", "dedupe (Camel's idempotent consumer)");
        AREAS.put("io.github.forwarder.dedupe", "dedupe store (RememberedIds)");
        AREAS.put("com.fasterxml.jackson", "JSON (Jackson)");
        AREAS.put("org.apache.hc", "HTTP client to Segment (Apache HttpClient)");
        AREAS.put("org.apache.camel.component.file", "Camel file component (spool, folder source)");
        AREAS.put("org.apache.logging", "logging");
        AREAS.put("org.apache.activemq", "JMS client (Artemis)");
        AREAS.put("org.messaginghub.pooled.jms", "JMS connection pool (pooled-jms)");
        AREAS.put("org.springframework.jms", "JMS listener and template (Spring, under camel-jms)");
        AREAS.put("io.github.forwarder", "forwarder's own Java");
        AREAS.put("io.vertx", "HTTP intake server (Vert.x/Netty)");
        AREAS.put("io.netty", "HTTP intake server (Vert.x/Netty)");
        AREAS.put("org.apache.camel", "Camel routing");
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** Native methods a thread waits in while idle: not work, so left out of the native table. */
    private static final List<String> IDLE = List.of("EPoll.wait", "Net.poll", "Net.accept", "Unsafe.park",
            "Object.wait", "Thread.sleep");

    private HotFrames() {
    }

    /** Summarises a recording on the console: HotFrames <file.jfr> [title]. */
    public static void main(String[] args) {
        report(new Report(), args.length > 1 ? args[1] : args[0], Path.of(args[0]));
    }

    public static void report(Report report, String title, Path recording) {
        Map<String, Integer> byArea = new LinkedHashMap<>();
        Map<String, Integer> byMethod = new LinkedHashMap<>();
        Map<String, Integer> byNativeMethod = new LinkedHashMap<>();
        int samples = 0;
        int nativeSamples = 0;
        double machineCpu = 0;
        double jvmCpu = 0;
        int cpuReadings = 0;
        double gcPauseMs = 0;
        int gcs = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                            continue;
                        }
                        List<RecordedFrame> frames = event.getStackTrace().getFrames();
                        RecordedFrame top = frames.get(0);
                        samples++;
                        byArea.merge(area(frames), 1, Integer::sum);
                        byMethod.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1,
                                Integer::sum);
                    }
                    case "jdk.NativeMethodSample" -> {
                        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                            continue;
                        }
                        RecordedFrame top = event.getStackTrace().getFrames().get(0);
                        String method = top.getMethod().getType().getName() + "." + top.getMethod().getName();
                        if (IDLE.stream().noneMatch(method::endsWith)) {
                            nativeSamples++;
                            byNativeMethod.merge(method, 1, Integer::sum);
                        }
                    }
                    case "jdk.CPULoad" -> {
                        machineCpu += event.getFloat("machineTotal");
                        jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                        cpuReadings++;
                    }
                    case "jdk.GarbageCollection" -> {
                        gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                        gcs++;
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.text(String.format(Locale.ROOT, "**Profile: %s.** JFR `settings=profile`, %,d execution "
                        + "samples. CPU over the recording: the machine %.0f%% busy, this JVM %.0f%% (of both cores). "
                        + "GC: %d collections, %.0f ms of pauses in all.", title, samples,
                cpuReadings == 0 ? Double.NaN : 100 * machineCpu / cpuReadings,
                cpuReadings == 0 ? Double.NaN : 100 * jvmCpu / cpuReadings, gcs, gcPauseMs));
        report.table(top("Where the samples are, by area of code (the most specific area on the stack)", "area",
                byArea, samples, 20));
        report.table(top("Hottest methods (top frame)", "method", byMethod, samples, TOP_METHODS));
        report.table(top("Threads inside system calls (native samples, idle waits left out): " + nativeSamples
                        + " samples", "native method", byNativeMethod, nativeSamples, 10)
                .note("Recording: `" + recording + "` (`jfr print --events jdk.ExecutionSample` / "
                        + "`jfr summary` show it whole)."));
    }

    private static Table top(String title, String what, Map<String, Integer> counts, int samples, int limit) {
        Table table = new Table(title, what, "samples", "share");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> table.row("`" + e.getKey() + "`", e.getValue(),
                        String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / samples)));
        return table;
    }

    private static String area(List<RecordedFrame> frames) {
        for (Map.Entry<String, String> area : AREAS.entrySet()) {
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith(area.getKey())) {
                    return area.getValue();
                }
            }
        }
        return frames.stream().map(frame -> frame.getMethod().getType().getName())
                .filter(type -> JDK.stream().noneMatch(type::startsWith)).findFirst()
                .map(type -> "other: " + packageOf(type))
                .orElse("JDK only: " + packageOf(frames.get(0).getMethod().getType().getName()));
    }

    private static String packageOf(String type) {
        return type.substring(0, Math.max(0, type.lastIndexOf('.')));
    }
}
