package io.vnode.agent.app;

import io.vnode.contracts.pod.PodEvent;

/**
 * Outbound port: the pod lifecycle topic.
 *
 * <p>Contract: {@link #publish} blocks until the broker acknowledged the record (acks=all, idempotent
 * producer) or throws {@link PublishFailedException}; the record key is the pod uid. Thread-safe.
 * Publishing the same pod state twice is harmless: consumers drop by (uid, sequence).
 */
public interface PodEventSink {

    void publish(PodEvent event);

    final class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
