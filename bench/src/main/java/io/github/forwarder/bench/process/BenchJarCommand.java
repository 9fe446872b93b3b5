package io.github.forwarder.bench.process;

import io.github.forwarder.bench.BenchEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs one of the harness's own reference programs as its own JVM, from the bench jar. */
final class BenchJarCommand {

    private BenchJarCommand() {
    }

    static List<String> of(BenchEnvironment environment, Class<?> main, List<String> arguments) {
        return command(environment, environment.jvmOptions(), main, arguments);
    }

    /** With these JVM options before BENCH_JVM_OPTS (which win). */
    static List<String> of(BenchEnvironment environment, List<String> jvmOptions, Class<?> main,
            List<String> arguments) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(environment.jvmOptions());
        return command(environment, options, main, arguments);
    }

    /** For a helper that is not under test (the separate stand-in): BENCH_JVM_OPTS do not apply to it. */
    static List<String> withoutOptionsUnderTest(BenchEnvironment environment, Class<?> main, List<String> arguments) {
        return command(environment, List.of(), main, arguments);
    }

    private static List<String> command(BenchEnvironment environment, List<String> jvmOptions, Class<?> main,
            List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(environment.java()));
        command.addAll(jvmOptions);
        String classPath = Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString();
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(arguments);
        return command;
    }
}
