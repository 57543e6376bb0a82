package io.vnode.reconciler.adapter.kafka;

import io.vnode.contracts.Envelope;
import io.vnode.contracts.Topics;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.app.DeadLetterPublisher;
import io.vnode.reconciler.app.InboundRecord;
import io.vnode.reconciler.app.PodGateway;
import io.vnode.reconciler.app.UsagePublisher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.cloud.stream.function.StreamOperations;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Everything this service writes to Kafka: usage records on the billing binding and dead letters on
 * {@code <topic>.dlq}, through the binder's StreamBridge with synchronous producers
 * ({@code spring.cloud.stream.kafka.default.producer.sync=true}): a send returns once the broker
 * acknowledged it and throws otherwise. Header values are raw bytes so they reach Kafka unquoted.
 */
public class KafkaOutput implements UsagePublisher, DeadLetterPublisher {

    public static final String BILLING_BINDING = "billingUsage-out-0";

    private final StreamOperations bridge;
    private final String fallbackDlqSource;

    public KafkaOutput(StreamOperations bridge, String fallbackDlqSource) {
        this.bridge = bridge;
        this.fallbackDlqSource = fallbackDlqSource;
    }

    /**
     * A usage record that Kafka does not take (broker down, not enough replicas, timeout) is a transient
     * failure: the batch is retried until Kafka takes it, never dead-lettered for an outage.
     */
    @Override
    public void publish(BillingUsageRecorded usage) {
        Envelope envelope = Envelope.of(Topics.BILLING_USAGE, usage);
        try {
            send(BILLING_BINDING, message(envelope));
        } catch (RuntimeException e) {
            throw new PodGateway.TransientException("the billing record of " + usage.pod().namespace() + "/"
                    + usage.pod().name() + " was not published: " + e.getMessage(), e);
        }
    }

    @Override
    public void deadLetter(InboundRecord record, String reason) {
        String source = record.topic() != null ? record.topic() : fallbackDlqSource;
        Map<String, byte[]> headers = new LinkedHashMap<>();
        record.headers().forEach((k, v) -> headers.put(k, bytes(v)));
        Envelope envelope = Envelope.deadLetter(source, record.key(), record.value(), headers, reason);
        send(envelope.topic(), message(envelope));
    }

    private static Message<byte[]> message(Envelope envelope) {
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(envelope.value());
        envelope.headers().forEach(b::setHeader);
        if (envelope.key() != null) {
            b.setHeader(KafkaHeaders.KEY, bytes(envelope.key()));
        }
        return b.build();
    }

    private void send(String destination, Message<byte[]> message) {
        if (!bridge.send(destination, message)) {
            throw new IllegalStateException("the binder did not accept a record for " + destination);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
