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
        List<String> command = new ArrayList<>(List.of(environment.java()));
        command.addAll(environment.jvmOptions());
        String classPath = Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString();
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(arguments);
        return command;
    }
}
