package io.vnode.reconciler.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API server lets this service in: denied from a 401/403 until a request succeeds again.
 * While denied the records wait (their batch is retried with a capped backoff, nothing is
 * dead-lettered); this class makes the wait visible: a warning at most once per {@code logPeriod}, the
 * gauge {@code vnode.reconciler.api.denied} (1 while denied), the counter
 * {@code vnode.reconciler.api.denials}, and {@link #deniedSince()} for the health indicator.
 * Thread-safe.
 */
public class ApiAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);

    private final Clock clock;
    private final Duration logPeriod;
    private final Counter denials;
    private Instant deniedSince;
    private Instant lastLogged;
    private long deniedCount;
    private String lastDenied;

    public ApiAccess(MeterRegistry registry, Clock clock, Duration logPeriod) {
        this.clock = clock;
        this.logPeriod = logPeriod;
        this.denials = Counter.builder("vnode.reconciler.api.denials")
                .description("requests the API server refused with 401/403").register(registry);
        Gauge.builder("vnode.reconciler.api.denied", this, a -> a.deniedSince().isPresent() ? 1 : 0)
                .description("1 while the API server refuses this service (401/403)").register(registry);
    }

    /** A request was refused for credentials or permission; {@code what} names it (no record content). */
    public void denied(String what) {
        denials.increment();
        Instant now = clock.instant();
        boolean log;
        long count;
        Instant since;
        synchronized (this) {
            if (deniedSince == null) {
                deniedSince = now;
                deniedCount = 0;
            }
            deniedCount++;
            lastDenied = what;
            log = lastLogged == null || !now.isBefore(lastLogged.plus(logPeriod));
            if (log) {
                lastLogged = now;
            }
            count = deniedCount;
            since = deniedSince;
        }
        if (log) {
            LOG.warn("the API server refuses this service's requests ({} refused since {}; last: {}); the records wait and "
                    + "are retried with backoff until the credentials or RBAC are fixed", count, since, what);
        }
    }

    /** A request succeeded: access is back, if it was lost. */
    public void granted() {
        Instant since;
        long count;
        synchronized (this) {
            if (deniedSince == null) {
                return;
            }
            since = deniedSince;
            count = deniedCount;
            deniedSince = null;
            lastLogged = null;
        }
        LOG.info("the API server accepts this service's requests again, after {} refused since {}", count, since);
    }

    /** Since when requests are refused, or empty while they are not. */
    public synchronized Optional<Instant> deniedSince() {
        return Optional.ofNullable(deniedSince);
    }

    /** The last refused request (no record content), while denied. */
    public synchronized Optional<String> lastDenied() {
        return deniedSince == null ? Optional.empty() : Optional.ofNullable(lastDenied);
    }
}
