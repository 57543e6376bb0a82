package io.vnode.agent.app;

import io.vnode.agent.domain.AccessDecision;
import io.vnode.agent.domain.KubeletAccess;
import io.vnode.agent.domain.Requester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes requests to the kubelet port by asking the API server, as a kubelet in Webhook mode does,
 * and keeps each answer for a while (allowed ones for {@code allowedTtl}, denied ones for
 * {@code deniedTtl}; a kubelet keeps them 5 min and 30 s) so that a stream of requests does not become a
 * stream of reviews. Bearer tokens are reviewed and their answers kept the same way. Blocking; thread-safe.
 */
public class KubeletAuthorizer {

    private static final int MAX_ENTRIES = 10_000;

    private final AccessReviews reviews;
    private final Clock clock;
    private final Duration allowedTtl;
    private final Duration deniedTtl;
    private final Map<Key, Kept<AccessDecision>> decisions = new ConcurrentHashMap<>();
    private final Map<String, Kept<Optional<Requester>>> tokens = new ConcurrentHashMap<>();

    public KubeletAuthorizer(AccessReviews reviews, Clock clock, Duration allowedTtl, Duration deniedTtl) {
        this.reviews = reviews;
        this.clock = clock;
        this.allowedTtl = allowedTtl;
        this.deniedTtl = deniedTtl;
    }

    /** Who the bearer token belongs to, or empty when the API server does not accept it. */
    public Optional<Requester> authenticate(String token) {
        Instant now = clock.instant();
        Kept<Optional<Requester>> kept = tokens.get(token);
        if (kept != null && now.isBefore(kept.until())) {
            return kept.value();
        }
        Optional<Requester> requester = reviews.reviewToken(token);
        keep(tokens, token, new Kept<>(requester, now.plus(requester.isPresent() ? allowedTtl : deniedTtl)));
        return requester;
    }

    /**
     * Whether {@code requester} may do {@code access}.
     *
     * @throws AccessReviews.ReviewFailedException when the API server could not be asked (nothing is kept)
     */
    public AccessDecision authorize(Requester requester, KubeletAccess access) {
        Key key = new Key(requester, access);
        Instant now = clock.instant();
        Kept<AccessDecision> kept = decisions.get(key);
        if (kept != null && now.isBefore(kept.until())) {
            return kept.value();
        }
        AccessDecision decision = reviews.reviewAccess(requester, access);
        keep(decisions, key, new Kept<>(decision, now.plus(decision.allowed() ? allowedTtl : deniedTtl)));
        return decision;
    }

    private <K, V> void keep(Map<K, Kept<V>> map, K key, Kept<V> value) {
        if (map.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            map.values().removeIf(k -> !now.isBefore(k.until()));
            if (map.size() >= MAX_ENTRIES) {
                map.clear();
            }
        }
        map.put(key, value);
    }

    private record Key(Requester requester, KubeletAccess access) {
    }

    private record Kept<V>(V value, Instant until) {
    }
}
