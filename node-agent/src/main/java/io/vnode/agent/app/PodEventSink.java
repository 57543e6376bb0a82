package io.vnode.agent.app;

import io.vnode.contracts.pod.PodEvent;

/**
 * Outbound port: the pod lifecycle topic.
 *
 * <p>Contract: {@link #publish} blocks until the broker acknowledged the record (acks=all, idempotent
 * producer) or throws {@link PublishFailedException} ({@link TooLargeException} when the record exceeds what
 * the producer or broker take: sending it again cannot help); the record key is the pod uid. Thread-safe.
 * Publishing the same pod state twice is harmless: consumers drop by (uid, sequence).
 */
public interface PodEventSink {

    void publish(PodEvent event);

    class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The record is larger than Kafka takes. */
    final class TooLargeException extends PublishFailedException {
        private final long recordBytes;
        private final long limitBytes;

        public TooLargeException(long recordBytes, long limitBytes, Throwable cause) {
            super("the record is " + recordBytes + " bytes; Kafka takes at most " + limitBytes, cause);
            this.recordBytes = recordBytes;
            this.limitBytes = limitBytes;
        }

        public long recordBytes() {
            return recordBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }
}
