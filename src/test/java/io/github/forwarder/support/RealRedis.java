package io.github.forwarder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashSet;
import java.util.Set;
import redis.embedded.RedisServer;

/**
 * A real redis-server process on loopback, the binary shipped in the embedded-redis test jar (so a fresh machine
 * needs nothing installed). Nothing is saved to disk: a restart starts empty, as a Redis without persistence does.
 */
public final class RealRedis implements AutoCloseable {

    private static final String EVENT_CLAIMS = "sentry-forwarder:event:";

    private final int port;
    private final String password;
    private RedisServer server;

    private RealRedis(int port, String password) {
        this.port = port;
        this.password = password;
    }

    public static RealRedis start() {
        return start(null);
    }

    /** With requirepass: clients must give this password. */
    public static RealRedis start(String password) {
        RealRedis redis = new RealRedis(RunningForwarder.freePort(), password);
        redis.restart();
        return redis;
    }

    /** redis://127.0.0.1:port, without the password. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server: connections are closed, and the port refuses new ones. */
    public void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** Starts it again on the same port (empty). */
    public void restart() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").settingIf(password != null, "requirepass " + password).build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event ids whose claim the forwarder with this owner id (its data folder's dedupe/owner-id) holds now. */
    public Set<String> eventsClaimedBy(String owner) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            if (password != null) {
                connection.sync().auth(password);
            }
            Set<String> claimed = new HashSet<>();
            for (String key : connection.sync().keys(EVENT_CLAIMS + "*")) {
                if (owner.equals(connection.sync().get(key))) {
                    claimed.add(key.substring(EVENT_CLAIMS.length()));
                }
            }
            return claimed;
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
