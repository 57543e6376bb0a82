package io.vnode.emulator;

import io.vnode.emulator.domain.TokenBucket;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-API quotas, one token bucket each; an API without one is unlimited. Thread-safe. */
final class ApiQuotas {

    private final Map<String, RateLimit> atStart;
    private final Clock clock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    ApiQuotas(Map<String, RateLimit> atStart, Clock clock) {
        this.atStart = Map.copyOf(atStart);
        this.clock = clock;
        this.atStart.forEach(this::set);
    }

    /** Takes one permit of the API's quota; false when it is spent (the call is throttled). */
    boolean tryAcquire(String api) {
        TokenBucket bucket = buckets.get(api);
        return bucket == null || bucket.tryAcquire(nowNanos());
    }

    /** Replaces the API's quota, with a full bucket. */
    void set(String api, RateLimit limit) {
        buckets.put(api, new TokenBucket(limit.permits(), limit.window().toNanos(), nowNanos()));
    }

    void clear(String api) {
        buckets.remove(api);
    }

    /** Back to the quotas the emulator started with, each with a full bucket. */
    void reset() {
        buckets.clear();
        atStart.forEach(this::set);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
