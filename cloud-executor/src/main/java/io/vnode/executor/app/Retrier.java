package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudApi;
import io.vnode.executor.domain.CloudException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs a cloud call until it succeeds or fails for good: throttled and transient failures are
 * retried with capped exponential backoff and jitter (the same ClientToken each time), for as long
 * as the {@link RetryContext} allows. Blocks the calling (consumer or poller) thread.
 */
final class Retrier {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Retrier.class);

    private final Backoff backoff;
    private final MeterRegistry meters;

    Retrier(Backoff backoff, MeterRegistry meters) {
        this.backoff = backoff;
        this.meters = meters;
    }

    <T> T call(CloudApi api, Supplier<Mono<T>> call, RetryContext ctx, Consumer<CloudException> onLongWait) {
        int attempt = 0;
        while (true) {
            try {
                return call.get().block();
            } catch (CloudException e) {
                if (!e.error().retryable()) {
                    throw e;
                }
                attempt++;
                ctx.attempts++;
                Counter.builder("vnode.cloud.retries").tag("api", api.action()).register(meters).increment();
                if (ctx.dueForReport()) {
                    log.info("{} still failing after {} attempts: {}", api.action(), ctx.attempts, e.getMessage());
                    onLongWait.accept(e);
                }
                ctx.pause(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()));
            }
        }
    }

    Backoff backoff() {
        return backoff;
    }
}
