package io.vnode.reconciler.it;

import io.fabric8.kubernetes.api.model.Pod;
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
import io.vnode.contracts.pod.PodRejected;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test builders of the events the reconciler consumes (shapes of the golden fixtures). */
public final class Events {

    public static final String NODE = "virtual-kubelet-cn-hangzhou-k";
    public static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private Events() {
    }

    public static PodRef ref(Pod pod) {
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    public static InstanceCreated created(Pod pod, long seq, ComputeType type, String instanceId, InstanceSpec spec) {
        return new InstanceCreated(UUID.randomUUID().toString(), ref(pod), NODE, T0.plusSeconds(seq), seq, TRACE,
                instanceId, "A0EF3BF3-37E7-5A07-AC2D-68A0CFC12345", pod.getMetadata().getUid(), type, spec,
                "cn-hangzhou", "cn-hangzhou-k", 30);
    }

    /** A status change; containers named after the pod's first container. */
    public static InstanceStatusChanged status(Pod pod, long seq, ComputeType type, String instanceId, InstanceSpec spec,
                                               String status, ContainerState current, boolean ready, List<CloudEvent> events) {
        String container = pod.getSpec().getContainers().get(0).getName();
        String image = pod.getSpec().getContainers().get(0).getImage();
        List<ContainerStatus> containers = current == null ? List.of()
                : List.of(new ContainerStatus(container, image, "sha256:3b1e4f", "containerd://9f2c", ready, 0, current, null));
        Instant at = T0.plusSeconds(seq * 10);
        return new InstanceStatusChanged(UUID.randomUUID().toString(), ref(pod), NODE, at, seq, TRACE, instanceId, type,
                status, spec, "cn-hangzhou", "cn-hangzhou-k", "Scheduling".equals(status) ? null : "10.0.6.68", null,
                containers, List.of(), events, T0, "Scheduling".equals(status) ? null : T0.plusSeconds(20),
                "Succeeded".equals(status) ? at : null, "Failed".equals(status) ? at : null,
                "Expired".equals(status) ? at : null, at);
    }

    public static ContainerState running(Instant at) {
        return new ContainerState("Running", null, null, null, null, at, null);
    }

    public static ContainerState terminated(int exit, Instant start, Instant end) {
        return new ContainerState("Terminated", exit == 0 ? "Completed" : "Error", null, exit, null, start, end);
    }

    public static ContainerState waiting(String reason) {
        return new ContainerState("Waiting", reason, null, null, null, null, null);
    }

    public static InstanceCreateFailed createFailed(Pod pod, long seq, boolean retryable, String code, String message, int attempts) {
        return new InstanceCreateFailed(UUID.randomUUID().toString(), ref(pod), NODE, T0.plusSeconds(seq), seq, TRACE,
                retryable, code, message, "B1EF3BF3-37E7-5A07-AC2D-68A0CFC12345", List.of("2-4Gi", "4-8Gi"), attempts);
    }

    public static InstanceDeleted deleted(Pod pod, long seq, String instanceId, String reason) {
        return new InstanceDeleted(UUID.randomUUID().toString(), ref(pod), NODE, T0.plusSeconds(seq * 10), seq, TRACE,
                instanceId, T0.plusSeconds(seq * 10 - 1), reason);
    }

    public static PodRejected rejected(Pod pod, long seq, String code, String message) {
        return new PodRejected(UUID.randomUUID().toString(), ref(pod), NODE, T0, seq, TRACE, code, message);
    }

    public static CloudEvent cloudEvent(String type, String reason, String message, int count) {
        return new CloudEvent(type, reason, message, count, T0.plusSeconds(5), T0.plusSeconds(5 + count));
    }
}
