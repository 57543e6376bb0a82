package io.vnode.reconciler.app;

/**
 * Publishes a record that cannot be processed to {@code <topic>.dlq} with its key, value and headers
 * plus {@code vnode-dlq-original-topic} and {@code vnode-dlq-reason}. Blocking until acknowledged;
 * throws when not (then the batch is redelivered, nothing is lost). Thread-safe.
 */
public interface DeadLetterPublisher {

    void deadLetter(InboundRecord record, String reason);
}
