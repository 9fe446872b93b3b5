package io.github.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.RunningForwarder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The start's check of its ports: a taken port is named, and the check itself never accepts a connection. Clients
 * already posting to a forwarder that is starting (Sentry during a redeploy) are refused until it listens, which they
 * retry; a connection taken in and reset could lose the request's answer.
 */
class PortsInUseTest {

    @Test
    void aPortSomethingListensOnIsTakenAndAFreeOneIsNot() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(PortsInUse.problem("0.0.0.0", taken.getLocalPort())).contains("cannot be listened on");
        }
        assertThat(PortsInUse.problem("0.0.0.0", RunningForwarder.freePort())).isNull();
    }

    @Test
    void clientsConnectingWhileThePortIsCheckedAreRefusedNeverTakenIn() throws Exception {
        int port = RunningForwarder.freePort();
        AtomicBoolean checking = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger connected = new AtomicInteger();
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            while (checking.get()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                    if (socket.getLocalPort() != port) { // not TCP connected to itself, as a free port can be
                        connected.incrementAndGet();
                    }
                } catch (ConnectException e) {
                    refused.incrementAndGet();
                } catch (IOException e) {
                    connected.incrementAndGet(); // anything but a refusal means a connection was taken in
                }
            }
        });
        // Far more checks than starts: the listening check this replaced let a client in within half a second.
        for (int check = 0; check < 20_000 && connected.get() == 0; check++) {
            assertThat(PortsInUse.problem("0.0.0.0", port)).isNull();
        }
        checking.set(false);
        client.get(10, TimeUnit.SECONDS);
        assertThat(refused.get()).isPositive();
        assertThat(connected.get()).as("connections taken in by the check").isZero();
    }
}
