package io.vnode.executor.app;

import java.time.Duration;

/**
 * Raised when the service starts stopping (before the consumers stop): a command waiting in a
 * backoff is then re-queued instead of holding the shutdown. Thread-safe. Every wait of a command
 * goes through {@link #await}, so a test clock can stand in for real time.
 */
public interface ShutdownSignal {

    boolean raised();

    /** Waits up to {@code d}; returns true if the signal was raised meanwhile (or before). */
    boolean await(Duration d);
}
