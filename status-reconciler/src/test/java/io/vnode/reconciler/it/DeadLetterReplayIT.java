package io.vnode.reconciler.it;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Envelope;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.reconciler.adapter.kafka.DeadLetterReplay;
import io.vnode.reconciler.domain.DeadLetterNotice;
import io.vnode.reconciler.domain.ReconcilerKeys;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The replay command, run as an operator would (its {@code main} arguments), against the real broker
 * and the running service: the dead letters chosen (one pod's, from an offset) go back to the topic
 * they came from with key, value and headers, and are applied; the others stay where they are.
 */
class DeadLetterReplayIT extends ReconcilerITBase {

    static final InstanceSpec SPEC_2_4 = InstanceSpec.ofCpuMemory(2, 4, null);

    @Test
    void replayedDeadLetterIsAppliedScenario() {
        Pod x = create(PodFixtures.eciLabelledUseSpecs());
        Pod y = create(PodFixtures.eciLabelledUseSpecs());
        InstanceStatusChanged runningX = running(x);
        RecordMetadata dead = deadLetter(Envelope.of(INSTANCE_EVENTS, runningX));
        deadLetter(Envelope.of(INSTANCE_EVENTS, running(y)));
        awaitPod(x, p -> p.getStatus() != null && DeadLetterNotice.REASON.equals(p.getStatus().getReason()));
        awaitPod(y, p -> p.getStatus() != null && DeadLetterNotice.REASON.equals(p.getStatus().getReason()));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DeadLetterReplay.run(new String[] {
                "--bootstrap-servers", KafkaBroker.bootstrapServers(), "--dlq", Topics.dlq(INSTANCE_EVENTS),
                "--from-offset", dead.partition() + ":" + dead.offset(), "--key", x.getMetadata().getUid()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replayed 1 of", "{" + INSTANCE_EVENTS + "=1}");

        Pod applied = awaitPod(x, p -> "7".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(applied)).isEqualTo("Running");
        assertThat(applied.getStatus().getReason()).as("the notice is replaced by the status").isNull();
        assertThat(phase(get(y))).as("another pod's dead letter stays where it is").isEqualTo("Pending");

        ConsumerRecord<String, byte[]> again = KafkaBroker.readUntil(INSTANCE_EVENTS,
                rs -> rs.stream().anyMatch(r -> x.getMetadata().getUid().equals(r.key())), WAIT).stream()
                .filter(r -> x.getMetadata().getUid().equals(r.key())).findFirst().orElseThrow();
        Envelope original = Envelope.of(INSTANCE_EVENTS, runningX);
        assertThat(again.value()).isEqualTo(original.value());
        assertThat(header(again, Headers.EVENT_TYPE)).isEqualTo(InstanceStatusChanged.TYPE);
        assertThat(header(again, Headers.TRACEPARENT)).isEqualTo(Events.TRACE);
        assertThat(again.headers().toArray()).extracting(Header::key).noneMatch(k -> k.startsWith("vnode-dlq-"));
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeadLetterReplay.run(new String[] {"--dlq", Topics.dlq(INSTANCE_EVENTS)}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bootstrap-servers", "usage");
        assertThat(DeadLetterReplay.run(new String[] {"--bootstrap-servers", "x:1", "--dlq", INSTANCE_EVENTS}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).as("not a .dlq topic").isEqualTo(2);
    }

    static InstanceStatusChanged running(Pod pod) {
        return Events.status(pod, 7, ComputeType.ECI, "eci-replay", SPEC_2_4, "Running", Events.running(T0), true, List.of());
    }

    /** The record as the service dead-letters it after a write the API server refused for good. */
    static RecordMetadata deadLetter(Envelope event) {
        Envelope dead = Envelope.deadLetter(event.topic(), event.key(), event.value(), event.headers(),
                "KubernetesClientException: HTTP 422 Unprocessable Entity");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dead.topic(), dead.key(), dead.value());
        dead.headers().forEach((k, v) -> record.headers().add(k, v));
        try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
