package io.vnode.reconciler.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.InstanceStatusChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an instance status (plus the pod as it is) into the pod status the pod should show. Pure;
 * starts from a copy of the current status and replaces only the fields this service owns (phase,
 * reason, message, the five conditions below, IPs, startTime, qosClass, container statuses); other
 * conditions (readiness gates, ...) are kept.
 *
 * <p>Conditions: PodScheduled (True: the pod is bound to the virtual node), ContainerInstanceCreated
 * (True once the instance exists), Initialized (init containers all exited 0), ContainersReady (all
 * containers ready while Running), Ready (ContainersReady and every readiness gate True).
 * lastTransitionTime is kept while a condition's status does not change.
 */
public final class PodStatusMapper {

    public static final String POD_SCHEDULED = "PodScheduled";
    public static final String INITIALIZED = "Initialized";
    public static final String CONTAINERS_READY = "ContainersReady";
    public static final String READY = "Ready";

    private PodStatusMapper() {
    }

    /** The desired status for the instance status {@code e} on {@code pod}. */
    public static PodStatus map(InstanceStatusChanged e, Pod pod) {
        PhaseDecision d = EciStatus.eciStatusToPodPhase(e.status(), restartPolicy(pod), failStrategy(pod));
        Instant at = e.statusChangedAt() != null ? e.statusChangedAt() : e.occurredAt();
        PodStatus status = copy(pod);
        status.setPhase(d.phase());
        status.setReason(d.reason());
        status.setMessage(d.message());

        boolean created = !EciStatus.SCHEDULING.equals(e.status()) && !EciStatus.SCHEDULE_FAILED.equals(e.status());
        List<ContainerStatus> containers = containerStatuses(pod.getSpec().getContainers(), e.containers(),
                status.getContainerStatuses(), d.phase(), e.status());
        List<ContainerStatus> inits = containerStatuses(initContainers(pod), e.initContainers(),
                status.getInitContainerStatuses(), d.phase(), e.status());
        status.setContainerStatuses(containers);
        status.setInitContainerStatuses(inits.isEmpty() ? status.getInitContainerStatuses() : inits);

        upsert(status, POD_SCHEDULED, "True", null, null, at);
        if (created) {
            upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "True", null, null, at);
        } else {
            upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "False", e.status(),
                    d.message() != null ? d.message() : "the cloud is creating the instance", at);
        }
        boolean initialized = created && inits.stream().allMatch(PodStatusMapper::exitedZero);
        upsert(status, INITIALIZED, initialized ? "True" : "False",
                initialized ? null : "ContainersNotInitialized",
                initialized ? null : "containers with incomplete status: " + names(inits, c -> !exitedZero(c)), at);

        boolean running = PodPhase.RUNNING.equals(d.phase());
        List<String> unready = containers.stream().filter(c -> !Boolean.TRUE.equals(c.getReady())).map(ContainerStatus::getName).toList();
        boolean containersReady = running && unready.isEmpty();
        String notReadyReason = PodPhase.isTerminal(d.phase()) ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = PodPhase.isTerminal(d.phase()) ? null : "containers with unready status: " + unready;
        upsert(status, CONTAINERS_READY, containersReady ? "True" : "False",
                containersReady ? null : notReadyReason, containersReady ? null : notReadyMessage, at);
        boolean gatesTrue = readinessGatesTrue(pod, status);
        boolean ready = containersReady && gatesTrue;
        upsert(status, READY, ready ? "True" : "False",
                ready ? null : (containersReady ? "ReadinessGatesNotReady" : notReadyReason),
                ready ? null : (containersReady ? "some readiness gates are not True" : notReadyMessage), at);

        if (e.intranetIp() != null && !e.intranetIp().isBlank()) {
            status.setPodIP(e.intranetIp());
            status.setHostIP(e.intranetIp());
            List<PodIP> ips = new ArrayList<>();
            ips.add(new PodIP(e.intranetIp()));
            if (e.ipv6Address() != null && !e.ipv6Address().isBlank()) {
                ips.add(new PodIP(e.ipv6Address()));
            }
            status.setPodIPs(ips);
            status.setHostIPs(List.of(new HostIP(e.intranetIp())));
        }
        if (status.getStartTime() == null) {
            Instant start = e.startTime() != null ? e.startTime() : e.creationTime();
            status.setStartTime(Rfc3339.format(start));
        }
        if (status.getQosClass() == null) {
            status.setQosClass(qosClass(pod));
        }
        return status;
    }

    /** A copy of the pod's status (or an empty one), safe to change. */
    public static PodStatus copy(Pod pod) {
        return pod.getStatus() == null ? new PodStatus() : new PodStatusBuilder(pod.getStatus()).build();
    }

    /** Sets a condition by type; keeps lastTransitionTime when the status does not change. */
    public static void upsert(PodStatus status, String type, String value, String reason, String message, Instant at) {
        List<PodCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        PodCondition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String transition = existing != null && value.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime() : Rfc3339.format(at);
        PodCondition next = new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition)
                .withLastProbeTime(existing != null ? existing.getLastProbeTime() : null).build();
        if (existing != null) {
            conditions.set(conditions.indexOf(existing), next);
        } else {
            conditions.add(next);
        }
        status.setConditions(conditions);
    }

    /** Container statuses in the pod spec's order; a container the cloud does not report keeps its status or waits. */
    static List<ContainerStatus> containerStatuses(List<Container> spec, List<io.vnode.contracts.instance.ContainerStatus> cloud,
                                                   List<ContainerStatus> current, String phase, String instanceStatus) {
        List<ContainerStatus> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (Container c : spec) {
            io.vnode.contracts.instance.ContainerStatus reported = cloud == null ? null
                    : cloud.stream().filter(s -> c.getName().equals(s.name())).findFirst().orElse(null);
            if (reported != null) {
                out.add(fromCloud(c, reported));
                continue;
            }
            ContainerStatus kept = current == null ? null
                    : current.stream().filter(s -> c.getName().equals(s.getName())).findFirst().orElse(null);
            if (kept != null) {
                out.add(kept);
            } else {
                String reason = PodPhase.isTerminal(phase) ? instanceStatus : "ContainerCreating";
                out.add(waiting(c, reason, null));
            }
        }
        return out;
    }

    /** A container status waiting with the given reason (for containers that never ran). */
    public static ContainerStatus waiting(Container c, String reason, String message) {
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
                .withReady(false).withRestartCount(0).withStarted(false)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().build())
                .build();
    }

    private static ContainerStatus fromCloud(Container spec, io.vnode.contracts.instance.ContainerStatus s) {
        ContainerState state = state(s.current(), s.containerId());
        return new ContainerStatusBuilder()
                .withName(s.name())
                .withImage(s.image() != null ? s.image() : spec.getImage())
                .withImageID(s.imageId() != null ? s.imageId() : "")
                .withContainerID(s.containerId())
                .withReady(s.ready())
                .withRestartCount(s.restartCount())
                .withStarted(state != null && state.getRunning() != null)
                .withState(state != null ? state : new ContainerStateBuilder().withNewWaiting()
                        .withReason("ContainerCreating").endWaiting().build())
                .withLastState(s.previous() == null ? new ContainerState() : state(s.previous(), s.containerId()))
                .build();
    }

    static ContainerState state(io.vnode.contracts.instance.ContainerState s, String containerId) {
        if (s == null || s.state() == null) {
            return null;
        }
        return switch (s.state().toLowerCase(Locale.ROOT)) {
            case "running" -> new ContainerStateBuilder().withNewRunning()
                    .withStartedAt(Rfc3339.format(s.startedAt())).endRunning().build();
            case "terminated" -> {
                int exit = s.exitCode() == null ? 0 : s.exitCode();
                yield new ContainerStateBuilder().withNewTerminated()
                        .withExitCode(exit)
                        .withSignal(s.signal())
                        .withReason(s.reason() != null ? s.reason() : (exit == 0 ? "Completed" : "Error"))
                        .withMessage(s.message())
                        .withStartedAt(Rfc3339.format(s.startedAt()))
                        .withFinishedAt(Rfc3339.format(s.finishedAt()))
                        .withContainerID(containerId)
                        .endTerminated().build();
            }
            default -> new ContainerStateBuilder().withNewWaiting()
                    .withReason(s.reason() != null ? s.reason() : "ContainerCreating")
                    .withMessage(s.message()).endWaiting().build();
        };
    }

    private static boolean exitedZero(ContainerStatus c) {
        return c.getState() != null && c.getState().getTerminated() != null
                && Objects.equals(0, c.getState().getTerminated().getExitCode());
    }

    private static String names(List<ContainerStatus> statuses, java.util.function.Predicate<ContainerStatus> p) {
        return statuses.stream().filter(p).map(ContainerStatus::getName).toList().toString();
    }

    private static boolean readinessGatesTrue(Pod pod, PodStatus status) {
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates();
        if (gates == null || gates.isEmpty()) {
            return true;
        }
        return gates.stream().allMatch(g -> status.getConditions().stream()
                .anyMatch(c -> g.getConditionType().equals(c.getType()) && "True".equals(c.getStatus())));
    }

    private static List<Container> initContainers(Pod pod) {
        return pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
    }

    public static String restartPolicy(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
    }

    public static String failStrategy(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? null : a.get(Keys.ECI_FAIL_STRATEGY);
    }

    /** Kubernetes QoS class from the containers' requests and limits (cpu, memory). */
    public static String qosClass(Pod pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers());
        all.addAll(initContainers(pod));
        boolean any = false;
        boolean guaranteed = !all.isEmpty();
        for (Container c : all) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            for (String res : List.of("cpu", "memory")) {
                Quantity l = lim.get(res);
                Quantity q = req.containsKey(res) ? req.get(res) : l;
                if (q != null || l != null) {
                    any = true;
                }
                if (l == null || q == null || Quantity.getAmountInBytes(l).compareTo(Quantity.getAmountInBytes(q)) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
