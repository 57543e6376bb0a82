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

    /**
     * CloudEvents 1.0 Kafka protocol binding, binary mode: every event is also a CloudEvent whose data is the
     * record's JSON value, so a consumer with any CloudEvents SDK reads the stream without this project's code.
     */
    public static final String CE_SPECVERSION = "ce_specversion";
    /** The event id ({@link VnodeEvent#eventId()}). */
    public static final String CE_ID = "ce_id";
    /** {@code /vnode/<topic>}: where the event comes from. */
    public static final String CE_SOURCE = "ce_source";
    /** {@value #CE_TYPE_PREFIX} + the versioned type, e.g. {@code io.vnode.pod.bound.v1}. */
    public static final String CE_TYPE = "ce_type";
    /** {@link VnodeEvent#occurredAt()}, RFC 3339. */
    public static final String CE_TIME = "ce_time";
    /** {@code <namespace>/<name>} of the pod. */
    public static final String CE_SUBJECT = "ce_subject";
    /** {@code application/json}. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String CE_TYPE_PREFIX = "io.vnode.";

    private Headers() {
    }
}
