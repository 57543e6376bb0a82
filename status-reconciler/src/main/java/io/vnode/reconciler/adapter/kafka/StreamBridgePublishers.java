package io.vnode.reconciler.adapter.kafka;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Topics;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.app.DeadLetterPublisher;
import io.vnode.reconciler.app.InboundRecord;
import io.vnode.reconciler.app.UsagePublisher;
import java.nio.charset.StandardCharsets;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Outgoing records through the binder's StreamBridge with synchronous producers
 * ({@code spring.cloud.stream.kafka.default.producer.sync=true}): a send returns once the broker
 * acknowledged it and throws otherwise. Header values are raw bytes so they reach Kafka unquoted.
 */
public class StreamBridgePublishers implements UsagePublisher, DeadLetterPublisher {

    public static final String BILLING_BINDING = "billingUsage-out-0";

    private final StreamBridge bridge;
    private final String fallbackDlqSource;

    public StreamBridgePublishers(StreamBridge bridge, String fallbackDlqSource) {
        this.bridge = bridge;
        this.fallbackDlqSource = fallbackDlqSource;
    }

    @Override
    public void publish(BillingUsageRecorded usage) {
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(EventCodec.encode(usage))
                .setHeader(KafkaHeaders.KEY, bytes(usage.pod().uid()))
                .setHeader(Headers.EVENT_TYPE, bytes(EventCodec.typeOf(usage)));
        if (usage.traceparent() != null) {
            b.setHeader(Headers.TRACEPARENT, bytes(usage.traceparent()));
        }
        send(BILLING_BINDING, b.build());
    }

    @Override
    public void deadLetter(InboundRecord record, String reason) {
        String source = record.topic() != null ? record.topic() : fallbackDlqSource;
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(record.value() == null ? new byte[0] : record.value());
        record.headers().forEach((k, v) -> b.setHeader(k, bytes(v)));
        if (record.key() != null) {
            b.setHeader(KafkaHeaders.KEY, bytes(record.key()));
        }
        b.setHeader(Headers.DLQ_ORIGINAL_TOPIC, bytes(source));
        b.setHeader(Headers.DLQ_REASON, bytes(reason.length() > 2000 ? reason.substring(0, 2000) : reason));
        send(Topics.dlq(source), b.build());
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
