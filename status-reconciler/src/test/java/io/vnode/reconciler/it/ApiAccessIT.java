package io.vnode.reconciler.it;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.adapter.web.ApiAccessHealthIndicator;
import io.vnode.reconciler.domain.DeadLetterNotice;
import io.vnode.reconciler.domain.ReconcilerKeys;
import io.vnode.localkube.PodFixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The API server refuses this service (403, as when its Role lacks pods/status) for a while: the
 * records wait, the service says so (health DOWN, a gauge), and once the permission is back every
 * status is written; nothing is dead-lettered. The same for telling a pod of a dead letter: it waits
 * for the permission rather than being given up.
 */
class ApiAccessIT extends ReconcilerITBase {

    static final InstanceSpec SPEC_2_4 = InstanceSpec.ofCpuMemory(2, 4, null);

    @Autowired
    ApiAccessHealthIndicator health;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void refusedWritesWaitForThePermissionScenario() {
        Pod a = create(PodFixtures.eciLabelledUseSpecs());
        Pod b = create(PodFixtures.eciLabelledUseSpecs());
        GATE.refuse(a.getMetadata().getNamespace(), a.getMetadata().getName());
        GATE.refuse(b.getMetadata().getNamespace(), b.getMetadata().getName());
        int before = GATE.refusals();
        for (Pod p : List.of(a, b)) {
            String id = "eci-403" + p.getMetadata().getUid().substring(0, 8);
            publish(Events.created(p, 1, ComputeType.ECI, id, SPEC_2_4),
                    Events.status(p, 2, ComputeType.ECI, id, SPEC_2_4, "Pending", Events.waiting("ContainerCreating"), false, List.of()),
                    Events.status(p, 3, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of()));
        }

        await().atMost(WAIT).until(() -> GATE.refusals() >= before + 6 && health.health().getStatus().equals(Status.DOWN));
        assertThat(meters.get("vnode.reconciler.api.denied").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("vnode.reconciler.api.denials").counter().count()).isGreaterThanOrEqualTo(6);
        assertThat(phase(get(a))).isNotEqualTo("Running");
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build().get().uri("/actuator/health/kubeApiAccess")
                .exchange().expectStatus().isEqualTo(503).expectBody(String.class).value(body -> assertThat(body).contains("DOWN"));

        GATE.allowAll();
        for (Pod p : List.of(a, b)) {
            Pod running = awaitPod(p, x -> "3".equals(annotation(x, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
            assertThat(phase(running)).isEqualTo("Running");
        }
        await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(meters.get("vnode.reconciler.api.denied").gauge().value()).isZero();
        Set<String> uids = Set.of(a.getMetadata().getUid(), b.getMetadata().getUid());
        assertThat(readAll(Topics.dlq(INSTANCE_EVENTS))).as("nothing dead-lettered").noneMatch(r -> r.key() != null && uids.contains(r.key()));
    }

    @Test
    void refusedDeadLetterNoticeWaitsForThePermissionScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        GATE.refuse(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        int before = GATE.refusals();
        DeadLetterIT.publishDeadLetter(COMMANDS, pod.getMetadata().getUid(),
                DeadLetterIT.partialValue("instance.create-requested.v1", pod), "instance.create-requested.v1", "Rejected: quota");

        await().atMost(WAIT).until(() -> GATE.refusals() >= before + 5);
        GATE.allowAll();
        Pod told = awaitPod(pod, p -> p.getStatus() != null && DeadLetterNotice.REASON.equals(p.getStatus().getReason()));
        assertThat(told.getStatus().getMessage()).contains("Rejected: quota");
        await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
    }
}
