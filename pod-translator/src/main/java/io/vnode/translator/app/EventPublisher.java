package io.vnode.translator.app;

import io.vnode.contracts.VnodeEvent;
import java.util.Map;

/**
 * Outbound port to the broker.
 *
 * <p>{@link #publish} is blocking and returns only once the broker acknowledged the record (key =
 * pod uid, headers vnode-event-type and traceparent); it throws when the record could not be
 * written, so the caller does not commit the input. {@link #deadLetter} writes an unusable
 * input unchanged to {@code <topic>.dlq} with the headers
 * vnode-dlq-original-topic and vnode-dlq-reason, also blocking. Thread-safe.
 */
public interface EventPublisher {

    void publish(Outbound.Output output, VnodeEvent event);

    void deadLetter(String originalTopic, String key, byte[] payload, Map<String, byte[]> headers, String reason);
}
