package io.github.forwarder.bench;

import io.github.forwarder.bench.baseline.BaselineSettings;
import io.github.forwarder.bench.load.WrkLoad;
import io.github.forwarder.bench.process.ForwarderProcess;
import io.github.forwarder.bench.scenario.BatchEndToEndScenario;
import io.github.forwarder.bench.report.Report;
import io.github.forwarder.bench.scenario.DedupeStoreScenario;
import io.github.forwarder.bench.scenario.FolderBackfillScenario;
import io.github.forwarder.bench.scenario.HandOverScenario;
import io.github.forwarder.bench.scenario.HttpEndToEndScenario;
import io.github.forwarder.bench.scenario.IntakeScenario;
import io.github.forwarder.bench.scenario.JmsScenario;
import io.github.forwarder.bench.scenario.MemoryScenario;
import io.github.forwarder.bench.scenario.Scenario;
import io.github.forwarder.bench.scenario.StandInCapacityScenario;
import io.github.forwarder.bench.scenario.SharedThrottleScenario;
import io.github.forwarder.bench.scenario.ThrottleScenario;
import io.github.forwarder.bench.segment.SegmentStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmark scenarios against the packaged forwarder and prints the tables; bench/run.sh is the way in.
 * Run from the repository root: the forwarder under test starts there, as an operator starts it.
 */
public final class BenchMain {

    private static final List<Scenario> SCENARIOS = List.of(new StandInCapacityScenario(),
            new BatchEndToEndScenario(), new IntakeScenario(), new JmsScenario(), new FolderBackfillScenario(),
            new DedupeStoreScenario(), new HttpEndToEndScenario(), new ThrottleScenario(), new SharedThrottleScenario(),
            new MemoryScenario(), new HandOverScenario());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchPlan plan = BenchPlan.parse(args);
        Path repoRoot = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(repoRoot.resolve(ForwarderProcess.JAR))) {
            throw new IllegalStateException("no " + ForwarderProcess.JAR + " under " + repoRoot
                    + ": run bench/run.sh from the repository, or mvn -B package -DskipTests first");
        }
        if (plan.needsWrk() && !WrkLoad.installed()) {
            throw new IllegalStateException("the intake and jms scenarios need wrk on the PATH: apt-get install wrk "
                    + "(bench/run.sh installs it when it can), or leave the scenario out with --only");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path workDir = Files.createTempDirectory("forwarder-bench-" + stamp + "-");
        List<String> jvmOptions = jvmOptions();
        BaselineSettings baseline = BaselineSettings.tuned(Runtime.getRuntime().availableProcessors());
        Report report = new Report();
        report.heading("Benchmark run " + stamp
                + (plan.quick() ? " (--quick: sizes for development, not results)" : ""));
        String commit = String.join("", Machine.output(List.of("git", "rev-parse", "--short", "HEAD")));
        report.text(Machine.describe(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                + "\n- commit (forwarder and harness): " + commit
                + "\n- command: `bench/run.sh " + String.join(" ", args) + "`"
                + "\n- repetitions per scenario: " + plan.reps() + "; batch sizes: " + plan.batchSizes()
                + "; raised rate: " + plan.raisedRate() + "/s"
                + "\n- JVM options of the forwarder: the README's, "
                + String.join(" ", ForwarderProcess.readmeJvmOptions())
                + "\n- extra JVM options of the processes under test (BENCH_JVM_OPTS): "
                + (jvmOptions.isEmpty() ? "none"
                : String.join(" ", jvmOptions))
                + "\n- analytics-java baseline: " + baseline.describe()
                + "\n- load generator of the intake scenario: " + Machine.output(List.of("wrk", "--version"))
                        .stream().findFirst().orElse("wrk not installed")
                + "\n- logs and recordings: `" + workDir + "`");
        Machine.CpuTicks start = Machine.CpuTicks.now();
        try (SegmentStandIn standIn = SegmentStandIn.start(2)) {
            BenchEnvironment environment = new BenchEnvironment(repoRoot, workDir, standIn, jvmOptions,
                    baseline);
            System.err.println("== warming up the stand-in");
            StandInCapacityScenario.warmUp(environment, plan.standInDuration());
            for (Scenario scenario : SCENARIOS) {
                if (plan.runs(scenario.name())) {
                    System.err.println("== " + scenario.name());
                    scenario.run(environment, plan, report);
                }
            }
        }
        report.text("Load average at the end (1, 5, 15 min): " + Machine.loadAverage()
                + ". CPU time the host took from this machine during the run (steal): "
                + Machine.CpuTicks.now().stolenSince(start) + " of its cores' time.");
        Path results = repoRoot.resolve("bench/results/" + stamp + (plan.quick() ? "-quick" : "") + ".md");
        report.writeTo(results);
        System.err.println("== written " + repoRoot.relativize(results));
        System.exit(0);
    }

    /** Extra JVM options for the processes under test, from BENCH_JVM_OPTS (e.g. "-Xmx256m"); none by default. */
    private static List<String> jvmOptions() {
        String options = System.getenv().getOrDefault("BENCH_JVM_OPTS", "").trim();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }
}
