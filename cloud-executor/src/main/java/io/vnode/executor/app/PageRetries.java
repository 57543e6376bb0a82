package io.vnode.executor.app;

import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One page of a watcher's listing, retried on throttling and transient errors: a full resync of N
 * instances is N/20 pages, and a listing that gave up at its first refused page would never
 * complete under sustained throttling. Blocks the calling thread (a watcher thread) during the
 * backoff; an interrupt ends the retries.
 */
final class PageRetries {

    private static final int ATTEMPTS = 8;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5);

    private PageRetries() {
    }

    /** The page, or the last error: a permanent one at once, a retryable one after {@value #ATTEMPTS} attempts. */
    static <T> T call(Supplier<T> page) {
        for (int attempt = 1; ; attempt++) {
            try {
                return page.get();
            } catch (CloudException e) {
                if (!e.error().retryable() || attempt >= ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(BACKOFF.delay(attempt, ThreadLocalRandom.current().nextDouble()).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
