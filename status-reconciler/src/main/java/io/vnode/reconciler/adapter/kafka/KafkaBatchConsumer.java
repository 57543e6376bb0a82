package io.vnode.reconciler.adapter.kafka;

import io.vnode.reconciler.app.BatchHandler;
import io.vnode.reconciler.app.InboundRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The binder's batch-mode consumer: turns a polled batch (values, keys, topics and headers as the
 * Kafka binder delivers them) into {@link InboundRecord}s and hands them to the {@link BatchHandler}.
 * The binder commits the batch's offsets only after this returns.
 */
public class KafkaBatchConsumer implements Consumer<Message<List<byte[]>>> {

    private final BatchHandler handler;

    public KafkaBatchConsumer(BatchHandler handler) {
        this.handler = handler;
    }

    @Override
    public void accept(Message<List<byte[]>> batch) {
        handler.handle(toRecords(batch));
    }

    static List<InboundRecord> toRecords(Message<List<byte[]>> batch) {
        List<byte[]> values = batch.getPayload();
        List<?> keys = list(batch.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
        List<?> topics = list(batch.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC));
        List<?> headers = list(batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
        List<InboundRecord> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Map<String, String> h = new LinkedHashMap<>();
            if (headers != null && i < headers.size() && headers.get(i) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    String text = text(v);
                    if (text != null && !String.valueOf(k).startsWith("kafka_") && !String.valueOf(k).equals("id")
                            && !String.valueOf(k).equals("timestamp")) {
                        h.put(String.valueOf(k), text);
                    }
                });
            }
            String topic = topics != null && i < topics.size() ? text(topics.get(i)) : null;
            String key = keys != null && i < keys.size() ? text(keys.get(i)) : null;
            out.add(new InboundRecord(topic, key, values.get(i), h));
        }
        return out;
    }

    private static List<?> list(Object header) {
        return header instanceof List<?> l ? l : null;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
    }
}
