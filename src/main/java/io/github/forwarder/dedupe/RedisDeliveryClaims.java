package io.github.forwarder.dedupe;

import io.github.forwarder.redis.RedisConnection;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The claims of all forwarders on one Redis: a repeat that reaches another forwarder while the first copy is in
 * flight there is a duplicate too. Each id is one Redis key: absent (never seen, or released), the owner id of the
 * forwarder whose copy is in flight, or {@value #DELIVERED} once delivered (both kept for forwarder.dedupe.ttlMs).
 *
 * <p>A claim lives as long as its forwarder: it is held while that forwarder's heartbeat ({@link ForwarderHeartbeat})
 * is in Redis, however long its Segment call waits, and is free once the heartbeat expired (the forwarder died). So
 * no claim is renewed one by one, and a dead forwarder's events go on elsewhere within
 * forwarder.redis.heartbeatExpiryMs. Claiming checks and sets in one Lua script (a batch's ids in one round trip), so
 * two forwarders never both win; the script also writes the caller's heartbeat, so a Redis restarted empty never
 * holds a claim without its heartbeat.
 *
 * <p>The owner id belongs to the data folder, not to the process: after a crash, the restarted forwarder takes its
 * own left-over claims back at once and sends the events its source still holds. Inside the process, an in-memory
 * set keeps two copies from both taking such a claim.
 *
 * <p>Redis unreachable: claiming throws, so the batch fails and its events wait at their source. Remembering or
 * releasing counts the failure and is written again after the next heartbeat Redis takes: meanwhile a delivered id
 * stays claimed by this forwarder (another forwarder's repeat waits; this one may send it again, with the same
 * messageId, which Segment deduplicates).
 */
public final class RedisDeliveryClaims implements DeliveryClaims {

    static final String DELIVERED = "delivered";

    /** A holder other than the caller, not {@value #DELIVERED}, whose heartbeat is in Redis (ARGV[1]: the caller). */
    private static final String HELD_BY_LIVING_OTHER = """
            local function heldByLivingOther(holder)
              return holder ~= false and holder ~= ARGV[1] and holder ~= 'delivered'
                  and redis.call('EXISTS', '%s' .. holder) == 1
            end
            """.formatted(ForwarderHeartbeat.KEY_PREFIX);
    /**
     * KEYS[1]: the caller's heartbeat, KEYS[2..]: the ids' keys; ARGV[1]: owner, ARGV[2]: heartbeat expiry in ms,
     * ARGV[3]: how long a claim is kept in ms. Answers 1 per id claimed, else 0.
     */
    private static final String CLAIM = HELD_BY_LIVING_OTHER + """
            redis.call('SET', KEYS[1], 'alive', 'PX', ARGV[2])
            local claimed = {}
            for i = 2, #KEYS do
              local holder = redis.call('GET', KEYS[i])
              if holder ~= 'delivered' and not heldByLivingOther(holder) then
                redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[3])
                claimed[i - 1] = 1
              else
                claimed[i - 1] = 0
              end
            end
            return claimed
            """;
    /** KEYS: the ids' keys; ARGV[1]: the caller. Answers 1 per id that a living other forwarder holds, else 0. */
    private static final String HELD_ELSEWHERE = HELD_BY_LIVING_OTHER + """
            local held = {}
            for i, key in ipairs(KEYS) do
              held[i] = heldByLivingOther(redis.call('GET', key)) and 1 or 0
            end
            return held
            """;
    /** KEYS[1]: the id's key; ARGV[1]: owner. Deletes it only while it is still this owner's claim. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisConnection redis;
    private final String prefix;
    private final byte[] owner;
    private final String heartbeatKey;
    private final byte[] heartbeatExpiryMs;
    private final Duration retention;
    private final Set<String> inFlight = new HashSet<>();
    /** Ids whose settle failed while Redis did not answer: true once delivered, false to release. */
    private final Map<String, Boolean> unsettled = new ConcurrentHashMap<>();

    /**
     * @param namespace what the ids are ("event", "user"): keys are sentry-forwarder:namespace:id
     * @param owner this forwarder's id (see {@link ForwarderIdentity}), whose heartbeat its claims refer to
     * @param retention how long a delivered id is remembered, and longest a claim is kept (forwarder.dedupe.ttlMs)
     */
    public RedisDeliveryClaims(RedisConnection redis, String namespace, String owner, ForwarderHeartbeat heartbeat,
            Duration retention) {
        this.redis = redis;
        this.prefix = "sentry-forwarder:" + namespace + ":";
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
        this.heartbeatKey = ForwarderHeartbeat.KEY_PREFIX + owner;
        this.heartbeatExpiryMs = bytes(heartbeat.expiry().toMillis());
        this.retention = retention;
        heartbeat.afterEachBeat(this::settleLeftOvers);
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
            List<String> keys = new ArrayList<>(ours.size() + 1);
            keys.add(heartbeatKey);
            ours.forEach(id -> keys.add(prefix + id));
            List<Long> answers = await(commands.<List<Long>>eval(CLAIM, ScriptOutputType.MULTI,
                    keys.toArray(String[]::new), owner, heartbeatExpiryMs, bytes(retention.toMillis())));
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

    /** One script: the ids whose key holds the owner id of another forwarder that is alive. */
    @Override
    public Set<String> heldElsewhere(Collection<String> ids) {
        Set<String> held = new LinkedHashSet<>();
        if (ids.isEmpty()) {
            return held;
        }
        List<String> asked = List.copyOf(ids);
        try {
            List<Long> answers = await(redis.connection().async().<List<Long>>eval(HELD_ELSEWHERE,
                    ScriptOutputType.MULTI, asked.stream().map(id -> prefix + id).toArray(String[]::new), owner));
            for (int i = 0; i < asked.size(); i++) {
                if (answers.get(i) == 1L) {
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
            release(id);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            unsettled.put(id, Boolean.FALSE);
        } finally {
            synchronized (inFlight) {
                inFlight.remove(id);
            }
        }
    }

    @Override
    public void settleDelivered(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            remember(ids);
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            ids.forEach(id -> unsettled.put(id, Boolean.TRUE));
        } finally {
            synchronized (inFlight) {
                ids.forEach(inFlight::remove); // not removeAll: a list's contains() per id in flight
            }
        }
    }

    /**
     * After a heartbeat Redis took: the settles that failed while it did not answer are written now, so a claim of an
     * id delivered or given up meanwhile does not hold a repeat elsewhere for as long as this forwarder lives.
     */
    void settleLeftOvers() {
        if (unsettled.isEmpty()) {
            return;
        }
        Map<String, Boolean> now = new HashMap<>(unsettled);
        now.forEach(unsettled::remove); // an entry changed meanwhile stays for the next beat
        try {
            remember(now.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
            for (String id : now.keySet()) {
                // not when a later copy here holds the claim again
                if (!now.get(id) && !isInFlight(id)) {
                    release(id);
                }
            }
        } catch (RuntimeException unreachable) {
            redis.failed(unreachable);
            now.forEach(unsettled::putIfAbsent);
        }
    }

    private boolean isInFlight(String id) {
        synchronized (inFlight) {
            return inFlight.contains(id);
        }
    }

    /** Deletes the id's key while it is still this forwarder's claim. */
    private void release(String id) {
        await(redis.connection().async().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + id}, owner));
    }

    /** One SET per id, pipelined: sent together, then their answers awaited together. */
    private void remember(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
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

    private static byte[] bytes(long number) {
        return String.valueOf(number).getBytes(StandardCharsets.UTF_8);
    }

    private <T> T await(RedisFuture<T> answer) {
        return LettuceFutures.awaitOrCancel(answer, timeout(), TimeUnit.MILLISECONDS);
    }

    private long timeout() {
        return redis.timeout().toMillis();
    }
}
