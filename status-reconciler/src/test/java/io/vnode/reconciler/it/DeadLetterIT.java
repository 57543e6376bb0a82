package io.vnode.reconciler.it;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Envelope;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.GoldenFixtures;
import io.vnode.contracts.Headers;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.domain.DeadLetterNotice;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dead letters of every stage reach their pod: a Warning Event, and for a pod not yet running the
 * status reason and message; a running pod keeps its phase; the same dead letter again is the same
 * Event; what names no pod is only counted.
 */
class DeadLetterIT extends ReconcilerITBase {

    static final InstanceSpec SPEC_2_4 = InstanceSpec.ofCpuMemory(2, 4, null);

    @Autowired
    MeterRegistry meters;

    @Test
    void deadLetteredCommandTellsThePendingPodScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String reason = "RequestTooLarge: the create request is 1.4 MiB, over the 1 MiB a record may carry";
        publishDeadLetter(COMMANDS, pod.getMetadata().getUid(), partialValue("instance.create-requested.v1", pod),
                "instance.create-requested.v1", reason);

        Pod told = awaitPod(pod, p -> p.getStatus() != null && DeadLetterNotice.REASON.equals(p.getStatus().getReason()));
        assertThat(phase(told)).isEqualTo("Pending");
        assertThat(told.getStatus().getMessage()).contains("instance.create-requested.v1", COMMANDS, reason, "replays");
        Event warning = await().atMost(WAIT).until(() -> notices(pod), es -> es.size() == 1).get(0);
        assertThat(warning.getType()).isEqualTo("Warning");
        assertThat(warning.getMessage()).contains(reason);
        assertThat(warning.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
        await().atMost(WAIT).until(() -> count(COMMANDS, "told") >= 1);
    }

    @Test
    void deadLetterOfARunningPodWarnsWithoutFailingItScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        publish(Events.status(pod, 1, ComputeType.ECI, "eci-dl-run", SPEC_2_4, "Running", Events.running(T0), true, List.of()));
        awaitPod(pod, p -> "Running".equals(phase(p)));
        publishDeadLetter(LIFECYCLE, pod.getMetadata().getUid(), partialValue("pod.bound.v1", pod), "pod.bound.v1",
                "IllegalStateException: resync of a pod without spec");

        await().atMost(WAIT).until(() -> notices(pod).size() == 1);
        Pod after = get(pod);
        assertThat(phase(after)).isEqualTo("Running");
        assertThat(after.getStatus().getReason()).isNull();
        assertThat(condition(after, "Ready")).isEqualTo("True");
    }

    @Test
    void theSameDeadLetterAgainIsTheSameEventScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        byte[] value = partialValue("instance.create-requested.v1", pod);
        for (int i = 0; i < 5; i++) {
            publishDeadLetter(COMMANDS, pod.getMetadata().getUid(), value, "instance.create-requested.v1", "Rejected: quota");
        }
        Event event = await().atMost(WAIT).until(() -> notices(pod), es -> es.size() == 1 && es.get(0).getCount() == 5).get(0);
        assertThat(event.getMessage()).contains("Rejected: quota");
        assertThat(events(pod)).hasSize(1);
    }

    @Test
    void deadLetterThatNamesNoPodIsOnlyCountedScenario() {
        double before = count(INSTANCE_EVENTS, "unidentified");
        publishDeadLetter(INSTANCE_EVENTS, null, "{not json".getBytes(StandardCharsets.UTF_8), null, "EventDecodingException: x");
        publishDeadLetter(INSTANCE_EVENTS, "uid-of-no-pod", "{\"type\":\"instance.created.v1\",\"pod\":null}".getBytes(StandardCharsets.UTF_8),
                "instance.created.v1", "NullPointerException");
        await().atMost(WAIT).until(() -> count(INSTANCE_EVENTS, "unidentified") >= before + 2);
    }

    /** A golden fixture about {@code pod}, with only what a record cut short would still carry. */
    static byte[] partialValue(String type, Pod pod) {
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(GoldenFixtures.json(type));
        tree.putObject("pod").put("namespace", pod.getMetadata().getNamespace()).put("name", pod.getMetadata().getName())
                .put("uid", pod.getMetadata().getUid());
        tree.remove("request");
        tree.remove("occurredAt");
        return EventCodec.mapper().writeValueAsBytes(tree);
    }

    /** What another stage writes when it gives a record up: {@link Envelope#deadLetter} on {@code <topic>.dlq}. */
    static void publishDeadLetter(String originalTopic, String key, byte[] value, String eventType, String reason) {
        Map<String, byte[]> headers = eventType == null ? Map.of() : Map.of(Headers.EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8));
        Envelope dead = Envelope.deadLetter(originalTopic, key, value, headers, reason);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dead.topic(), dead.key(), dead.value());
        dead.headers().forEach((k, v) -> record.headers().add(k, v));
        try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    List<Event> notices(Pod pod) {
        return events(pod).stream().filter(e -> DeadLetterNotice.REASON.equals(e.getReason())).toList();
    }

    double count(String topic, String outcome) {
        Counter c = meters.find("vnode.deadletters").tag("topic", topic).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
