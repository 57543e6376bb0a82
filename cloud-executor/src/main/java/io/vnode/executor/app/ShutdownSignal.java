package io.vnode.executor.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Raised when the application starts closing (before the consumers stop): a command waiting in a
 * backoff is then re-queued instead of holding the shutdown. Thread-safe.
 */
public class ShutdownSignal implements ApplicationListener<ContextClosedEvent> {

    private final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        latch.countDown();
    }

    public boolean raised() {
        return latch.getCount() == 0;
    }

    /** Waits up to {@code d}; returns true if the signal was raised meanwhile (or before). */
    public boolean await(Duration d) {
        try {
            return latch.await(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
