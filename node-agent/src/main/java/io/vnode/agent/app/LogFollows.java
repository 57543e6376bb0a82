package io.vnode.agent.app;

import io.vnode.agent.domain.LogPolling;
import io.vnode.agent.domain.LogQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The container log requests of this agent: opens each, and counts the followed ones, which share the log quota. Thread-safe. */
public final class LogFollows {

    private final ContainerLogs logs;
    private final LogPolling polling;
    private final Clock clock;
    private final AtomicInteger following = new AtomicInteger();

    public LogFollows(ContainerLogs logs, LogPolling polling, Clock clock) {
        this.logs = logs;
        this.polling = polling;
        this.clock = clock;
    }

    /** @param containerEnded true once the container has terminated or its pod is gone */
    public LogFollow open(String instanceId, String container, LogQuery query, BooleanSupplier containerEnded) {
        return new LogFollow(this, containerEnded, instanceId, container, query);
    }

    /** How many logs are followed now. */
    public int following() {
        return following.get();
    }

    ContainerLogs logs() {
        return logs;
    }

    public Instant now() {
        return clock.instant();
    }

    Duration pause() {
        return polling.interval(following.get());
    }

    void opened() {
        following.incrementAndGet();
    }

    void closed() {
        following.decrementAndGet();
    }
}
