package io.github.forwarder.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.ForkedForwarder;
import io.github.forwarder.support.RunningForwarder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged forwarder does not run on without its intake or its management server: with either port taken by
 * another process, it exits non-zero within seconds, with one ERROR line naming the port and its setting.
 */
class APortInUseStopsTheStartIT {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"camel.server.port", "camel.management.port"})
    void theStartIsRefusedNamingThePortAndItsSetting(String setting) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), RunningForwarder.freePort()));
            int port = taken.getLocalPort();

            ForkedForwarder.Exit exit = ForkedForwarder.exitOf(Map.of("forwarder.dataDir", dataDir.toString(),
                    setting, String.valueOf(port)), Duration.ofSeconds(30));

            assertThat(exit.code()).isNotZero();
            assertThat(exit.after()).isLessThan(Duration.ofSeconds(15));
            assertThat(exit.console().lines().filter(line -> line.contains("ERROR"))).singleElement()
                    .asString().contains("port " + port + " (" + setting + ")");
            assertThat(exit.console()).doesNotContain("Exception").doesNotContain("started in");
        }
    }
}
