package io.vnode.executor.app;

/**
 * One record of the commands topic as received.
 *
 * @param topic where it came from (also where it is re-queued)
 * @param key the Kafka key (the pod uid), may be null
 * @param payload the raw value, not yet decoded
 * @param eventType the type header, may be null
 * @param traceparent the trace header, may be null
 * @param requeues how many times it was re-queued before (0: a first delivery)
 * @param notBeforeMillis epoch millis before which a re-queued command is not retried (0: none)
 */
public record InboundCommand(String topic, String key, byte[] payload, String eventType, String traceparent,
                             int requeues, long notBeforeMillis) {
}
