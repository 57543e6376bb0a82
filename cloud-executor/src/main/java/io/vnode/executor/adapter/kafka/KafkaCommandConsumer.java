package io.vnode.executor.adapter.kafka;

import io.vnode.contracts.Headers;
import io.vnode.contracts.TraceLogging;
import io.vnode.executor.app.CommandDisposition;
import io.vnode.executor.app.CommandHandler;
import io.vnode.executor.app.InboundCommand;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The consumer of {@code vnode.instance.commands.v1} (binding {@code instanceCommands-in-0}, group
 * cloud-executor). Imperative on purpose: it returns only once the command's outcome is published,
 * or the command re-queued or dead-lettered, and the binder commits the offset after it returns
 * (ack mode RECORD), so a crash loses nothing. Bounded concurrency = the binding's consumer
 * concurrency; backpressure = the consumer does not poll while its handlers are busy. Per-pod
 * order = partition order (key = uid). A failure to publish propagates: the record is redelivered.
 */
public class KafkaCommandConsumer implements Consumer<Message<byte[]>> {

    private final CommandHandler handler;
    private final KafkaEventPublisher publisher;
    private final String defaultTopic;

    public KafkaCommandConsumer(CommandHandler handler, KafkaEventPublisher publisher, String defaultTopic) {
        this.handler = handler;
        this.publisher = publisher;
        this.defaultTopic = defaultTopic;
    }

    @Override
    public void accept(Message<byte[]> message) {
        String topic = header(message, KafkaHeaders.RECEIVED_TOPIC);
        InboundCommand in = new InboundCommand(topic == null ? defaultTopic : topic,
                header(message, KafkaHeaders.RECEIVED_KEY), message.getPayload(), header(message, Headers.EVENT_TYPE),
                header(message, Headers.TRACEPARENT), parseInt(header(message, KafkaEventPublisher.REQUEUE_COUNT)),
                parseLong(header(message, KafkaEventPublisher.NOT_BEFORE)));
        try (TraceLogging.Scope trace = TraceLogging.of(in.traceparent(), "execute " + in.eventType())) {
            try {
                dispose(in, handler.handle(in), trace);
            } catch (RuntimeException e) {
                trace.failed(e);
                throw e;
            }
        }
    }

    private void dispose(InboundCommand in, CommandDisposition disposition, TraceLogging.Scope trace) {
        if (disposition instanceof CommandDisposition.DeadLetter dead) {
            trace.failed(new IllegalArgumentException(dead.reason()));
            publisher.deadLetter(in.topic(), in.key(), in.payload(), in.eventType(), in.traceparent(), dead.reason());
        } else if (disposition instanceof CommandDisposition.Requeue requeue) {
            publisher.requeue(in.topic(), requeue.key(), in.payload(), in.eventType(), in.traceparent(),
                    requeue.requeueCount(), requeue.notBeforeMillis());
        }
    }

    private static String header(Message<?> message, String name) {
        Object v = message.getHeaders().get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
