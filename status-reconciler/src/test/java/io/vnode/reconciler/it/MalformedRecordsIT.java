package io.vnode.reconciler.it;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Topics;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.domain.ReconcilerKeys;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A generated stream of malformed-but-parseable records ({@link Mutations} of valid events of every
 * type the service consumes) on both input topics, each keyed by a real pod, then one valid record per
 * topic behind them on the same partition: every malformed record is dead-lettered with its reason, and
 * the valid record is still applied.
 */
class MalformedRecordsIT extends ReconcilerITBase {

    static final InstanceSpec SPEC_2_4 = InstanceSpec.ofCpuMemory(2, 4, null);

    @Test
    void malformedRecordsAreDeadLetteredAndThePartitionGoesOnScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String id = "eci-bad" + pod.getMetadata().getUid().substring(0, 8);
        List<VnodeEvent> valid = List.of(
                Events.created(pod, 1, ComputeType.ECI, id, SPEC_2_4),
                Events.status(pod, 2, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0), true,
                        List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1))),
                Events.createFailed(pod, 3, true, "NoStock", "out of stock", 2),
                Events.deleted(pod, 4, id, InstanceDeleted.REASON_VANISHED));
        List<Mutations.Mutation> instanceMutations = new ArrayList<>();
        valid.forEach(e -> instanceMutations.addAll(Mutations.of(e)));

        Pod rejectedPod = create(PodFixtures.hostPathPod());
        List<Mutations.Mutation> rejectionMutations = Mutations.of(Events.rejected(rejectedPod, 1, "HostPathNotSupported", "no host"));

        publishAll(INSTANCE_EVENTS, pod.getMetadata().getUid(), instanceMutations);
        publishAll(REJECTIONS, rejectedPod.getMetadata().getUid(), rejectionMutations);
        publish(Events.status(pod, 5, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of()),
                Events.rejected(rejectedPod, 2, "HostPathNotSupported", "volume \"data\" is a hostPath volume"));

        Pod running = awaitPod(pod, p -> "5".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(running)).isEqualTo("Running");
        Pod rejected = awaitPod(rejectedPod, p -> "2".equals(annotation(p, ReconcilerKeys.REJECTION_SEQUENCE)));
        assertThat(rejected.getStatus().getReason()).isEqualTo("HostPathNotSupported");

        assertAllDeadLettered(INSTANCE_EVENTS, pod, instanceMutations);
        assertAllDeadLettered(REJECTIONS, rejectedPod, rejectionMutations);
    }

    static void assertAllDeadLettered(String topic, Pod pod, List<Mutations.Mutation> mutations) {
        List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.dlq(topic)).stream()
                .filter(r -> pod.getMetadata().getUid().equals(r.key())).toList();
        List<String> deadValues = dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        List<String> missing = mutations.stream().filter(m -> !deadValues.contains(new String(m.value(), StandardCharsets.UTF_8)))
                .map(Mutations.Mutation::name).toList();
        assertThat(missing).as("malformed records not dead-lettered on " + topic).isEmpty();
        assertThat(dead).hasSize(mutations.size()).allSatisfy(r -> {
            assertThat(r.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC).value()).isEqualTo(topic.getBytes(StandardCharsets.UTF_8));
            assertThat(new String(r.headers().lastHeader(Headers.DLQ_REASON).value(), StandardCharsets.UTF_8)).isNotBlank();
        });
    }

    static void publishAll(String topic, String key, List<Mutations.Mutation> mutations) {
        try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
            for (Mutations.Mutation m : mutations) {
                producer.send(new ProducerRecord<>(topic, key, m.value())).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
