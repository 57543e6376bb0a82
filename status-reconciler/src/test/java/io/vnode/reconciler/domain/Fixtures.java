package io.vnode.reconciler.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.CloudEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.ContainerState;
import io.vnode.contracts.instance.ContainerStatus;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.localkube.PodFixtures;
import java.time.Instant;
import java.util.List;

/** Events for the pure tests: the golden fixtures' shapes, against a pod of the seeds. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final InstanceSpec SPEC = InstanceSpec.ofCpuMemory(2, 4, null);

    private Fixtures() {
    }

    static Pod pod() {
        return new PodBuilder(PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), "virtual-kubelet-cn-hangzhou-k"))
                .editMetadata().withResourceVersion("7").endMetadata().build();
    }

    static PodRef ref(Pod pod) {
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    static InstanceStatusChanged status(Pod pod, long seq, String status, ContainerState state, boolean ready) {
        Instant at = T0.plusSeconds(seq * 10);
        return new InstanceStatusChanged("e" + seq, ref(pod), "vk", at, seq, null, "eci-1", ComputeType.ECI, status, SPEC,
                "cn-hangzhou", "cn-hangzhou-k", "10.0.6.68", "fd00::1",
                state == null ? List.of() : List.of(new ContainerStatus("nginx", "img:1", "sha256:1", "containerd://1", ready, 1, state,
                        new ContainerState("Terminated", "Error", "boom", 1, null, T0, T0.plusSeconds(1)))),
                List.of(), List.of(new CloudEvent("Normal", "Pulled", "pulled", 1, T0, T0)), T0, T0.plusSeconds(20),
                "Succeeded".equals(status) ? at : null, "Failed".equals(status) ? at : null, "Expired".equals(status) ? at : null, at);
    }

    static InstanceCreated created(Pod pod, long seq, ComputeType type) {
        return new InstanceCreated("c" + seq, ref(pod), "vk", T0, seq, null, type == ComputeType.ACS ? "acs-1" : "eci-1", "req-1",
                "token-1", type, SPEC, "cn-hangzhou", "cn-hangzhou-k", 0);
    }

    static InstanceCreateFailed failed(Pod pod, long seq, boolean retryable, String code) {
        return new InstanceCreateFailed("f" + seq, ref(pod), "vk", T0, seq, null, retryable, code, "cloud says no", "req-2",
                List.of("2-4Gi"), 2);
    }

    static InstanceDeleted deleted(Pod pod, long seq, String reason) {
        return new InstanceDeleted("d" + seq, ref(pod), "vk", T0.plusSeconds(seq * 10), seq, null, "eci-1", T0.plusSeconds(seq * 10 - 1), reason);
    }

    static ContainerState running() {
        return new ContainerState("Running", null, null, null, null, T0.plusSeconds(20), null);
    }

    static ContainerState terminated(Integer exit, String reason) {
        return new ContainerState("Terminated", reason, null, exit, null, T0.plusSeconds(20), T0.plusSeconds(30));
    }
}
