package io.vnode.translator.adapter.kafka;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
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
    private static final int MAX_REASON = 1000;

    private final StreamBridge bridge;

    public StreamBridgePublisher(StreamBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void publish(Outbound.Output output, VnodeEvent event) {
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(EventCodec.encode(event))
                .setHeader(KafkaHeaders.KEY, bytes(event.pod().uid()))
                .setHeader(Headers.EVENT_TYPE, bytes(EventCodec.typeOf(event)));
        if (event.traceparent() != null) {
            b.setHeader(Headers.TRACEPARENT, bytes(event.traceparent()));
        }
        send(output == Outbound.Output.INSTANCE_COMMANDS ? COMMANDS_BINDING : REJECTIONS_BINDING, b.build());
    }

    @Override
    public void deadLetter(String originalTopic, String key, byte[] payload, Map<String, byte[]> headers, Throwable reason) {
        String why = reason.getClass().getSimpleName() + ": " + reason.getMessage();
        MessageBuilder<byte[]> b = MessageBuilder.withPayload(payload == null ? new byte[0] : payload)
                .setHeader(Headers.DLQ_ORIGINAL_TOPIC, bytes(originalTopic))
                .setHeader(Headers.DLQ_REASON, bytes(why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why));
        if (key != null) {
            b.setHeader(KafkaHeaders.KEY, bytes(key));
        }
        headers.forEach(b::setHeader);
        send(DLQ_BINDING, b.build());
    }

    private void send(String binding, Message<byte[]> message) {
        if (!bridge.send(binding, message)) {
            throw new IllegalStateException("the binder did not accept the record for " + binding);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
