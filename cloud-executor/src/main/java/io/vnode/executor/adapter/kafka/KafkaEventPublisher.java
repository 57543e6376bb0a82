package io.vnode.executor.adapter.kafka;

import io.vnode.contracts.Envelope;
import io.vnode.contracts.Headers;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.executor.app.InstanceEventSink;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes instance events, dead letters and re-queued commands, synchronously: each method
 * returns only once the broker acknowledged the record (acks=all, idempotent producer), so the
 * caller may then let its input offset be committed. Thread-safe. Throws {@link PublishFailed}.
 * Owns the wire format of re-queued commands (headers {@value #REQUEUE_COUNT}, {@value #NOT_BEFORE}).
 */
public class KafkaEventPublisher implements InstanceEventSink, AutoCloseable {

    /** Header of a re-queued command: how many times it was re-queued. */
    public static final String REQUEUE_COUNT = "vnode-requeue-count";
    /** Header of a re-queued command: epoch millis before which it should not be retried. */
    public static final String NOT_BEFORE = "vnode-not-before";

    private final KafkaProducer<String, byte[]> producer;
    private final String eventsTopic;

    /**
     * @param clientProperties the Kafka client settings (bootstrap.servers, security.protocol, ssl.*,
     *     sasl.*, ...); acks, idempotence and linger are the publisher's own
     */
    public KafkaEventPublisher(Map<String, Object> clientProperties, String eventsTopic) {
        this.eventsTopic = eventsTopic;
        this.producer = new KafkaProducer<>(producerConfig(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The client settings with what the publisher's contract needs: acks=all, idempotent, no linger. */
    static Map<String, Object> producerConfig(Map<String, Object> clientProperties) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cloud-executor");
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    /** An instance event: key = pod uid, headers vnode-event-type and traceparent. */
    @Override
    public void publish(InstanceEvent event) {
        send(event);
    }

    private void send(VnodeEvent event) {
        send(Envelope.of(eventsTopic, event));
    }

    /** A record that cannot be processed, as it came, to {@code <topic>.dlq}. */
    public void deadLetter(String topic, String key, byte[] value, String eventType, String traceparent, String reason) {
        Map<String, byte[]> headers = new java.util.LinkedHashMap<>();
        if (eventType != null) {
            headers.put(Headers.EVENT_TYPE, bytes(eventType));
        }
        if (traceparent != null) {
            headers.put(Headers.TRACEPARENT, bytes(traceparent));
        }
        send(Envelope.deadLetter(topic, key, value, headers, reason));
    }

    private void send(Envelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(envelope.topic(), envelope.key(), envelope.value());
        envelope.headers().forEach(record.headers()::add);
        send(record);
    }

    /** A command put back at the end of its topic (same key, so it stays on its pod's partition). */
    public void requeue(String topic, String key, byte[] value, String eventType, String traceparent, int count, long notBeforeMillis) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (eventType != null) {
            record.headers().add(Headers.EVENT_TYPE, bytes(eventType));
        }
        if (traceparent != null) {
            record.headers().add(Headers.TRACEPARENT, bytes(traceparent));
        }
        record.headers().add(REQUEUE_COUNT, bytes(Integer.toString(count)));
        record.headers().add(NOT_BEFORE, bytes(Long.toString(notBeforeMillis)));
        send(record);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailed("cannot publish to " + record.topic(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
