package io.vnode.agent.adapter.kafka;

import io.vnode.agent.app.PodEventSink;
import io.vnode.contracts.Envelope;
import io.vnode.contracts.pod.PodEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes pod events to the lifecycle topic: key = pod uid, headers {@code vnode-event-type} and
 * {@code traceparent}, value = EventCodec JSON. Idempotent producer with acks=all; {@link #publish}
 * waits for the acknowledgement. Thread-safe.
 */
public class KafkaPodEventPublisher implements PodEventSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final long maxRequestBytes;

    /**
     * @param clientProperties the Kafka client settings of the application (bootstrap servers, and
     *     security.protocol, ssl.*, sasl.* where the cluster needs them); acks, idempotence, timeouts and
     *     the client id are this publisher's own
     */
    public KafkaPodEventPublisher(Map<String, Object> clientProperties, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        Map<String, Object> config = producerConfig(clientProperties, timeout);
        this.maxRequestBytes = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024)));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** What the producer is built from: the application's client settings under this publisher's own. */
    public static Map<String, Object> producerConfig(Map<String, Object> clientProperties, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "node-agent",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 3),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.LINGER_MS_CONFIG, 0));
        return config;
    }

    @Override
    public void publish(PodEvent event) {
        Envelope envelope = Envelope.of(topic, event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(envelope.topic(), envelope.key(), envelope.value());
        envelope.headers().forEach(record.headers()::add);
        try {
            producer.send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new TooLargeException(sizeOf(record), maxRequestBytes, e.getCause());
            }
            throw new PublishFailedException("broker refused the record on " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new PublishFailedException("could not publish to " + topic + ": " + e, e);
        }
    }

    private static long sizeOf(ProducerRecord<String, byte[]> record) {
        long size = record.value().length + (record.key() == null ? 0 : record.key().length());
        for (var h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
