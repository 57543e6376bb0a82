package io.vnode.executor.config;

import io.vnode.executor.app.ShutdownSignal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/** The {@link ShutdownSignal}, raised when the application context starts closing. Thread-safe. */
class ContextClosedShutdownSignal implements ShutdownSignal, ApplicationListener<ContextClosedEvent> {

    private final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        latch.countDown();
    }

    @Override
    public boolean raised() {
        return latch.getCount() == 0;
    }

    @Override
    public boolean await(Duration d) {
        try {
            return latch.await(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
