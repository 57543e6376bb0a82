package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a blocking cloud call until it succeeds or fails for good: throttled and transient failures
 * are retried with capped exponential backoff and jitter (the same ClientToken each time), for as
 * long as the {@link RetryContext} allows. Blocks the calling (consumer) thread.
 */
final class Retrier {

    private static final Logger log = LoggerFactory.getLogger(Retrier.class);

    /** How a retried call ended. */
    sealed interface Result<T> {
        record Ok<T>(T value) implements Result<T> {
        }

        /** Failed for good (not retryable: rejected, not found, no stock). */
        record Refused<T>(CloudException error) implements Result<T> {
        }

        /** The command stopped waiting (held, or its pod was deleted). */
        record Halted<T>(Halt halt) implements Result<T> {
        }
    }

    private final Backoff backoff;
    private final MeterRegistry meters;

    Retrier(Backoff backoff, MeterRegistry meters) {
        this.backoff = backoff;
        this.meters = meters;
    }

    /** @param onLongWait told once per long-wait period while the call keeps failing */
    <T> Result<T> call(Supplier<T> call, RetryContext ctx, Consumer<CloudException> onLongWait) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Result.Ok<>(call.get());
            } catch (CloudException e) {
                if (!e.error().retryable()) {
                    return new Result.Refused<>(e);
                }
                ctx.attempts++;
                Counter.builder("vnode.cloud.retries").tag("api", e.action()).register(meters).increment();
                if (ctx.dueForReport()) {
                    log.info("{} still failing after {} attempts: {}", e.action(), ctx.attempts, e.getMessage());
                    onLongWait.accept(e);
                }
                Optional<Halt> halt = ctx.pause(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()));
                if (halt.isPresent()) {
                    return new Result.Halted<>(halt.get());
                }
            }
        }
    }

    Backoff backoff() {
        return backoff;
    }
}
