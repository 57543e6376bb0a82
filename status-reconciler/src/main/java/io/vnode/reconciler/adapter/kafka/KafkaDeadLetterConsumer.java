package io.vnode.reconciler.adapter.kafka;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.reconciler.app.DeadLetterNotifier;
import io.vnode.reconciler.domain.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import tools.jackson.databind.JsonNode;

/**
 * The binder's consumer of every {@code <topic>.dlq}: reads a dead letter as far as it can (headers
 * for the original topic, event type and reason; the key, else {@code pod.uid}, for the pod uid; the
 * value's {@code pod.namespace} and {@code pod.name} read tolerantly, so a value that is not a valid
 * event, or not JSON at all, still tells what it can) and hands it to the {@link DeadLetterNotifier}.
 * The value is never logged.
 */
public class KafkaDeadLetterConsumer implements Consumer<Message<byte[]>> {

    private final DeadLetterNotifier notifier;

    public KafkaDeadLetterConsumer(DeadLetterNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void accept(Message<byte[]> message) {
        MessageHeaders h = message.getHeaders();
        String recordId = text(h.get(KafkaHeaders.RECEIVED_TOPIC)) + "-" + text(h.get(KafkaHeaders.RECEIVED_PARTITION))
                + "@" + text(h.get(KafkaHeaders.OFFSET));
        notifier.tell(recordId, read(message.getPayload(), text(h.get(KafkaHeaders.RECEIVED_KEY)),
                text(h.get(Headers.DLQ_ORIGINAL_TOPIC)), text(h.get(Headers.EVENT_TYPE)), text(h.get(Headers.DLQ_REASON)),
                text(h.get(KafkaHeaders.RECEIVED_TOPIC))));
    }

    /** The dead letter as far as its key, value and headers tell it; never throws. */
    static DeadLetter read(byte[] value, String key, String originalTopic, String eventType, String reason, String dlqTopic) {
        JsonNode tree = tree(value);
        JsonNode pod = tree == null ? null : tree.get("pod");
        String uid = key != null && !key.isBlank() ? key : string(pod, "uid");
        String type = eventType != null ? eventType : string(tree, "type");
        String topic = originalTopic != null ? originalTopic
                : dlqTopic != null && dlqTopic.endsWith(".dlq") ? dlqTopic.substring(0, dlqTopic.length() - 4) : null;
        return new DeadLetter(topic, type, string(pod, "namespace"), string(pod, "name"), uid, reason);
    }

    private static JsonNode tree(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            JsonNode node = EventCodec.mapper().readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v == null ? null : v.toString();
    }
}
