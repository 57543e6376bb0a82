package io.vnode.reconciler.app;

import java.util.Map;

/** One Kafka record as received: topic, key (pod uid), raw value and headers (as text). */
public record InboundRecord(String topic, String key, byte[] value, Map<String, String> headers) {
}
