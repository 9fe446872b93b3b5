package io.github.forwarder.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a run does and how large: the full run (3 repetitions, sizes that reach steady state) or --quick (one
 * repetition, small sizes) for development. Only the sizes differ between the two, never the method.
 * batchEndToEndEvents (--events) is the size of the batch-first end-to-end comparison: 10,000 events make the
 * fastest contender (the bare loop) run for seconds rather than a JIT warm-up. before (--before, null without it)
 * is the root of another checkout of the repository, built (its target/ jar and class-data archive): the intake
 * scenario runs its forwarder too, from there, so a change is measured against it side by side in one run.
 */
public record BenchPlan(boolean quick, int reps, List<Integer> batchSizes, int contractRate, int raisedRate,
        Set<String> scenarios, boolean profile, long seed, int batchEndToEndEvents, List<Integer> throttleRates,
        Path before) {

    /** The default run. jms (an Artemis broker; ~10 minutes on the shared 2 cores) runs only when --only names it. */
    public static final Set<String> ALL_SCENARIOS = Set.of("standin", "e2e", "intake", "backfill", "dedupe",
            "http", "throttle", "shared-throttle", "memory");

    /** Parses bench/run.sh's arguments; see usage(). */
    public static BenchPlan parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int reps = quick ? 1 : 3;
        List<Integer> batchSizes = List.of(1, 500);
        int raisedRate = 100_000;
        Set<String> scenarios = ALL_SCENARIOS;
        boolean profile = !quick;
        int batchEndToEndEvents = quick ? 2_000 : 10_000;
        List<Integer> throttleRates = List.of(10, 200, 1_000);
        Path before = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--batch-sizes" -> batchSizes = numbers(args[++i]);
                case "--raised-rate" -> raisedRate = Integer.parseInt(args[++i]);
                case "--only" -> scenarios = Set.of(args[++i].split(","));
                case "--profile" -> profile = true;
                case "--no-profile" -> profile = false;
                case "--events" -> batchEndToEndEvents = Integer.parseInt(args[++i]);
                case "--throttle-rates" -> throttleRates = numbers(args[++i]);
                case "--before" -> before = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + usage());
            }
        }
        return new BenchPlan(quick, reps, batchSizes, 200, raisedRate, scenarios, profile, 20_261_120L,
                batchEndToEndEvents, throttleRates, before);
    }

    public static String usage() {
        return "bench/run.sh [--quick] [--reps N] [--batch-sizes 1,500] [--raised-rate 100000] [--events N]\n"
                + "             [--throttle-rates 10,200,1000]\n"
                + "             [--only standin,e2e,intake,backfill,dedupe,http,throttle,shared-throttle,memory,jms,hand-over]\n"
                + "             [--profile|--no-profile] [--before <another checkout, built>]";
    }

    private static List<Integer> numbers(String list) {
        List<Integer> numbers = new ArrayList<>();
        for (String n : list.split(",")) {
            numbers.add(Integer.parseInt(n.trim()));
        }
        return numbers;
    }

    /** Does a scenario that loads the intake with wrk run (intake, jms)? */
    public boolean needsWrk() {
        return runs("intake") || runs("jms");
    }

    public boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** Events in a backfill or HTTP run: enough for 10 s at the contract rate, or for steady state when raised. */
    public int endToEndEvents(int rate, boolean http) {
        if (rate <= contractRate) {
            return quick ? 500 : 2_500;
        }
        return quick ? 2_000 : http ? 5_000 : 10_000;
    }

    /** Long enough for the JIT to compile the forwarder's hot path before the intake is measured. */
    public Duration intakeWarmUp() {
        return Duration.ofSeconds(quick ? 3 : 10);
    }

    public Duration intakeDuration() {
        return Duration.ofSeconds(quick ? 3 : 10);
    }

    public Duration standInDuration() {
        return Duration.ofSeconds(quick ? 2 : 5);
    }

    /** The throttle test sends a burst of this many times the rate. */
    public int burstFactor() {
        return quick ? 3 : 10;
    }

    /** Dedupe store sizes at start: empty, a tenth, and the default forwarder.dedupe.size (a full window). */
    public List<Integer> rememberedIds() {
        return List.of(0, 20_000, 200_000);
    }

    /** Two forwarders on one Redis: the rates of the single-forwarder test that one process carries on 2 cores. */
    public List<Integer> sharedThrottleRates() {
        return List.of(20, 200);
    }
}
