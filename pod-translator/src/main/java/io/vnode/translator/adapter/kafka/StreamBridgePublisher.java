package io.vnode.translator.adapter.kafka;

import io.vnode.contracts.Envelope;
import io.vnode.contracts.Topics;
import io.vnode.contracts.VnodeEvent;
import io.vnode.translator.app.EventPublisher;
import io.vnode.translator.app.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Publishes through StreamBridge to output bindings whose Kafka producers are synchronous
 * ({@code producer.sync: true}), so {@code send} returns after the broker's ack and throws on failure.
 * Header values go as raw bytes.
 */
public final class StreamBridgePublisher implements EventPublisher {

    public static final String COMMANDS_BINDING = "commands-out-0";
    public static final String REJECTIONS_BINDING = "rejections-out-0";
    public static final String DLQ_BINDING = "lifecycleDlq-out-0";

    private final StreamBridge bridge;

    public StreamBridgePublisher(StreamBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void publish(Outbound.Output output, VnodeEvent event) {
        boolean command = output == Outbound.Output.INSTANCE_COMMANDS;
        Envelope envelope = Envelope.of(command ? Topics.INSTANCE_COMMANDS : Topics.POD_REJECTIONS, event);
        send(command ? COMMANDS_BINDING : REJECTIONS_BINDING, message(envelope));
    }

    @Override
    public void deadLetter(String originalTopic, String key, byte[] payload, Map<String, byte[]> headers, String reason) {
        send(DLQ_BINDING, message(Envelope.deadLetter(originalTopic, key, payload, headers, reason)));
    }

    private static Message<byte[]> message(Envelope envelope) {
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(envelope.value());
        envelope.headers().forEach(b::setHeader);
        if (envelope.key() != null) {
            b.setHeader(KafkaHeaders.KEY, envelope.key().getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private void send(String binding, Message<byte[]> message) {
        if (!bridge.send(binding, message)) {
            throw new IllegalStateException("the binder did not accept the record for " + binding);
        }
    }
}
