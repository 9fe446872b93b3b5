package io.github.forwarder.dedupe;

import io.github.forwarder.shared.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The claims of all forwarders on one Redis: a repeat that reaches another forwarder while the first copy is in
 * flight there is a duplicate too. Each id is one Redis key: absent (never seen, or released), this forwarder's owner
 * id while a copy is in flight (expires after forwarder.redis.claimTtlMs), or {@value #DELIVERED} for
 * forwarder.dedupe.ttlMs once delivered. Claiming checks and sets in one Lua script, so two forwarders never both
 * win; a batch's ids go in one script, one round trip.
 *
 * <p>The owner id belongs to the data folder, not to the process: after a crash, the restarted forwarder takes its
 * own left-over claims back and sends the events its source still holds, rather than filtering them as duplicates
 * until the claims expire. Inside the process, an in-memory set keeps two copies from both taking such a claim.
 *
 * <p>Redis unreachable: claiming throws, so the batch fails and its events wait at their source. Remembering or
 * releasing only counts the failure: a delivered id then stays claimed by this forwarder until its claim expires
 * (another forwarder treats a repeat as a duplicate; this one may send it again, with the same messageId, which
 * Segment deduplicates).
 */
public final class RedisDeliveryClaims implements DeliveryClaims {

    static final String DELIVERED = "delivered";

    /** KEYS: the ids' keys; ARGV[1]: owner, ARGV[2]: claim ttl in ms. Answers 1 per key claimed, else 0. */
    private static final String CLAIM = """
            local claimed = {}
            for i, key in ipairs(KEYS) do
              local holder = redis.call('GET', key)
              if holder == false then
                redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
                claimed[i] = 1
              elseif holder == ARGV[1] then
                redis.call('PEXPIRE', key, ARGV[2])
                claimed[i] = 1
              else
                claimed[i] = 0
              end
            end
            return claimed
            """;
    /** KEYS[1]: the id's key; ARGV[1]: owner. Deletes it only while it is still this owner's claim. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final SharedRedis redis;
    private final String prefix;
    private final byte[] owner;
    private final String claimTtlMs;
    private final Duration retention;
    private final Set<String> inFlight = new HashSet<>();

    /**
     * @param namespace what the ids are ("event", "user"): keys are sentry-forwarder:namespace:id
     * @param owner this forwarder's id (see {@link ForwarderIdentity})
     */
    public RedisDeliveryClaims(SharedRedis redis, String namespace, String owner, Duration claimTtl,
            Duration retention) {
        this.redis = redis;
        this.prefix = "sentry-forwarder:" + namespace + ":";
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
        this.claimTtlMs = String.valueOf(claimTtl.toMillis());
        this.retention = retention;
    }

    @Override
    public boolean tryClaim(String id) {
        return !tryClaim(List.of(id)).isEmpty();
    }

    @Override
    public Set<String> tryClaim(Collection<String> ids) {
        List<String> ours = new ArrayList<>();
        synchronized (inFlight) {
            for (String id : ids) {
                if (inFlight.add(id)) {
                    ours.add(id);
                }
            }
        }
        Set<String> claimed = new LinkedHashSet<>();
        if (ours.isEmpty()) {
            return claimed;
        }
        try {
            RedisAsyncCommands<String, byte[]> commands = redis.connection().async();
            String[] keys = ours.stream().map(id -> prefix + id).toArray(String[]::new);
            List<Long> answers = await(commands.<List<Long>>eval(CLAIM, ScriptOutputType.MULTI, keys, owner,
                    claimTtlMs.getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < ours.size(); i++) {
                if (answers.get(i) == 1L) {
                    claimed.add(ours.get(i));
                }
            }
            return claimed;
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            throw unreachable;
        } finally {
            synchronized (inFlight) {
                ours.stream().filter(id -> !claimed.contains(id)).forEach(inFlight::remove);
            }
        }
    }

    /** One MGET: the ids whose key holds another forwarder's owner id. */
    @Override
    public Set<String> heldElsewhere(Collection<String> ids) {
        Set<String> held = new LinkedHashSet<>();
        if (ids.isEmpty()) {
            return held;
        }
        List<String> asked = List.copyOf(ids);
        try {
            List<io.lettuce.core.KeyValue<String, byte[]>> values = await(redis.connection().async()
                    .mget(asked.stream().map(id -> prefix + id).toArray(String[]::new)));
            for (int i = 0; i < asked.size(); i++) {
                byte[] holder = values.get(i).getValueOrElse(null);
                if (holder != null && !java.util.Arrays.equals(holder, owner)
                        && !DELIVERED.equals(new String(holder, StandardCharsets.UTF_8))) {
                    held.add(asked.get(i));
                }
            }
            return held;
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            throw unreachable;
        }
    }

    @Override
    public void settle(String id, boolean deliveredNow) {
        if (deliveredNow) {
            settleDelivered(List.of(id));
            return;
        }
        try {
            await(redis.connection().async().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + id},
                    owner));
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable); // the claim expires on its own
        } finally {
            synchronized (inFlight) {
                inFlight.remove(id);
            }
        }
    }

    /** One SET per id, pipelined: sent together, then their answers awaited together. */
    @Override
    public void settleDelivered(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            RedisAsyncCommands<String, byte[]> commands = redis.connection().async();
            SetArgs keep = SetArgs.Builder.px(retention.toMillis());
            byte[] delivered = DELIVERED.getBytes(StandardCharsets.UTF_8);
            List<RedisFuture<String>> sets = new ArrayList<>(ids.size());
            for (String id : ids) {
                sets.add(commands.set(prefix + id, delivered, keep));
            }
            if (!LettuceFutures.awaitAll(timeout(), TimeUnit.MILLISECONDS, sets.toArray(RedisFuture[]::new))) {
                throw new IllegalStateException("Redis did not answer within " + timeout() + " ms");
            }
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
        } finally {
            synchronized (inFlight) {
                inFlight.removeAll(ids);
            }
        }
    }

    @Override
    public void forget(String id) {
        try {
            await(redis.connection().async().del(prefix + id));
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            throw unreachable;
        }
    }

    private <T> T await(RedisFuture<T> answer) {
        return LettuceFutures.awaitOrCancel(answer, timeout(), TimeUnit.MILLISECONDS);
    }

    private long timeout() {
        return redis.timeout().toMillis();
    }
}
