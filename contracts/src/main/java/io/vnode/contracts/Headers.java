package io.vnode.contracts;

/** Kafka record header names. */
public final class Headers {

    /** W3C trace context, e.g. {@code 00-<32 hex trace id>-<16 hex span id>-01}. */
    public static final String TRACEPARENT = "traceparent";
    /** The versioned event type, e.g. {@code pod.bound.v1}, so a consumer can route without parsing. */
    public static final String EVENT_TYPE = "vnode-event-type";
    /** On a dead letter: the topic the record came from. */
    public static final String DLQ_ORIGINAL_TOPIC = "vnode-dlq-original-topic";
    /** On a dead letter: why it could not be processed (exception class and message). */
    public static final String DLQ_REASON = "vnode-dlq-reason";

    private Headers() {
    }
}
