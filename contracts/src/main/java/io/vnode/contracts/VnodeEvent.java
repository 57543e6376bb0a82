package io.vnode.contracts;

import java.time.Instant;

/**
 * What every event on every vnode topic carries.
 *
 * <ul>
 *   <li>{@link #eventId()}: unique per event; consumers may use it to drop exact redeliveries.</li>
 *   <li>{@link #pod()}: the pod the event is about; its uid is the Kafka key.</li>
 *   <li>{@link #virtualNode()}: the virtual node the pod is bound to.</li>
 *   <li>{@link #occurredAt()}: when the source observed the fact.</li>
 *   <li>{@link #sequence()}: grows for the same pod and source; a consumer drops an event whose
 *       sequence is lower than one it already applied for that pod (stale or reordered).
 *       Pod events use the pod's resourceVersion, instance events the executor's observation
 *       counter, so sequences are comparable only within one topic.</li>
 *   <li>{@link #traceparent()}: W3C trace context of the flow (also sent as the {@code traceparent}
 *       Kafka header); may be null.</li>
 * </ul>
 */
public interface VnodeEvent {

    String eventId();

    PodRef pod();

    String virtualNode();

    Instant occurredAt();

    long sequence();

    String traceparent();
}
