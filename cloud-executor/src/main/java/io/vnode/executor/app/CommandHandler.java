package io.vnode.executor.app;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.adapter.kube.KubePods;
import io.vnode.executor.config.ExecutorProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The consumer of {@code vnode.instance.commands.v1} (binding {@code instanceCommands-in-0}, group
 * cloud-executor). Imperative on purpose: it returns only once the command's outcome is published
 * (or the command re-queued, or dead-lettered), and the binder commits the offset after it returns
 * (ack mode RECORD), so a crash loses nothing and a redelivery is harmless (ClientToken + the
 * pod-uid tag lookup). Bounded concurrency = the binding's consumer concurrency; backpressure =
 * the consumer does not poll while its handlers are busy. Per-pod order = partition order (key = uid).
 *
 * <ul>
 *   <li>Not decodable, or failing for an unexpected reason: to {@code <topic>.dlq} with
 *       vnode-dlq-original-topic / vnode-dlq-reason; the next record is processed.</li>
 *   <li>Still retrying after {@code vnode.executor.retry.max-hold}, or the service is stopping:
 *       re-queued at the topic's end (same key) so the partition moves on; nothing is lost.</li>
 *   <li>A Kafka publish failure propagates: the record is not committed and is redelivered.</li>
 * </ul>
 */
public class CommandHandler implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final CreateInstanceHandler creates;
    private final DeleteInstanceHandler deletes;
    private final KafkaEventPublisher publisher;
    private final KubePods pods;
    private final ExecutorProperties props;
    private final ShutdownSignal shutdown;
    private final Clock clock;

    CommandHandler(CreateInstanceHandler creates, DeleteInstanceHandler deletes, KafkaEventPublisher publisher,
                   KubePods pods, ExecutorProperties props, ShutdownSignal shutdown, Clock clock) {
        this.creates = creates;
        this.deletes = deletes;
        this.publisher = publisher;
        this.pods = pods;
        this.props = props;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    @Override
    public void accept(Message<byte[]> message) {
        byte[] payload = message.getPayload();
        String key = header(message, KafkaHeaders.RECEIVED_KEY);
        String type = header(message, Headers.EVENT_TYPE);
        String traceparent = header(message, Headers.TRACEPARENT);
        String topic = header(message, KafkaHeaders.RECEIVED_TOPIC);
        if (topic == null) {
            topic = props.commandsTopic();
        }
        InstanceCommand command;
        try {
            command = EventCodec.decode(payload, InstanceCommand.class);
        } catch (RuntimeException e) {
            log.warn("undecodable command (key {}) dead-lettered: {}", key, e.getMessage());
            publisher.deadLetter(topic, key, payload, type, traceparent, e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        int requeues = parseInt(header(message, KafkaEventPublisher.REQUEUE_COUNT));
        try {
            waitUntil(parseLong(header(message, KafkaEventPublisher.NOT_BEFORE)));
            if (requeues > 0 && command instanceof CreateInstance && !pods.exists(command.pod())) {
                log.info("re-queued create for {} dropped: the pod no longer exists", command.pod());
                return;
            }
            RetryContext ctx = new RetryContext(props.retry(), shutdown,
                    command instanceof CreateInstance ? pods : null, command.pod(), clock);
            if (command instanceof CreateInstance create) {
                creates.handle(create, ctx);
            } else if (command instanceof DeleteInstance delete) {
                deletes.handle(delete, ctx);
            }
        } catch (CommandHeld held) {
            log.info("{} for {} re-queued ({}, {} earlier re-queues)", EventCodec.typeOf(command), command.pod(),
                    held.getMessage(), requeues);
            publisher.requeue(topic, key == null ? command.pod().uid() : key, payload, type, traceparent,
                    requeues + 1, held.notBeforeMillis());
        } catch (PodGone gone) {
            log.info("create for {} abandoned: {}", command.pod(), gone.getMessage());
        } catch (KafkaEventPublisher.PublishFailed e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("command {} for {} dead-lettered: {}", EventCodec.typeOf(command), command.pod(), e.toString());
            publisher.deadLetter(topic, key, payload, type, traceparent, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A re-queued command waits for its not-before time (cut short by shutdown: then it is re-queued again). */
    private void waitUntil(long notBeforeMillis) {
        long waitMillis = notBeforeMillis - clock.millis();
        if (waitMillis <= 0) {
            return;
        }
        Duration wait = Duration.ofMillis(Math.min(waitMillis, props.retry().maxHold().toMillis()));
        if (shutdown.await(wait)) {
            throw new CommandHeld("stopping", notBeforeMillis);
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
