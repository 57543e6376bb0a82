package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.vnode.contracts.Keys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a pod fits on the cluster's ordinary nodes, by the scheduler's basic filters: the node is
 * Ready and schedulable, its labels match the pod's nodeSelector (and the unit's), the pod tolerates its
 * NoSchedule and NoExecute taints, and its allocatable CPU, memory and pod count minus what its pods
 * request leave room. Pods already admitted to a unit but not yet on a node are placed first (first
 * fit), so a scale-out of several pods does not count the same room twice. Node affinity, pod
 * (anti-)affinity, topology spread and extended resources are not looked at: kube-scheduler still
 * decides the node, and a pod this says fits but the scheduler cannot place waits Pending there.
 */
public final class NodeFit {

    private NodeFit() {
    }

    /** What a pod asks for: CPU in millicores, memory in bytes, one pod slot. */
    public record Demand(long cpuMilli, long memoryBytes) {

        public static Demand of(Pod pod) {
            if (pod.getSpec() == null) {
                return new Demand(0, 0);
            }
            long cpu = 0;
            long mem = 0;
            for (Container c : nullToEmpty(pod.getSpec().getContainers())) {
                cpu += request(c, "cpu", 1000);
                mem += request(c, "memory", 1);
            }
            for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
                cpu = Math.max(cpu, request(c, "cpu", 1000));
                mem = Math.max(mem, request(c, "memory", 1));
            }
            Map<String, Quantity> overhead = pod.getSpec().getOverhead();
            if (overhead != null) {
                cpu += amount(overhead.get("cpu"), 1000);
                mem += amount(overhead.get("memory"), 1);
            }
            return new Demand(cpu, mem);
        }

        private static long request(Container c, String resource, int scale) {
            if (c.getResources() == null) {
                return 0;
            }
            Quantity q = c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
            if (q == null && c.getResources().getLimits() != null) {
                q = c.getResources().getLimits().get(resource); // Kubernetes defaults requests to limits
            }
            return amount(q, scale);
        }
    }

    /** One ordinary node: what it can hold and what its pods take. */
    public record NodeState(String name, Map<String, String> labels, List<Taint> taints, boolean schedulable,
                            long cpuMilli, long memoryBytes, long pods, long usedCpuMilli, long usedMemoryBytes, long usedPods) {

        /** From the Node and the pods bound to it that still run (not Succeeded or Failed). */
        public static NodeState of(Node node, List<Pod> podsOnNode) {
            Map<String, Quantity> alloc = node.getStatus() == null || node.getStatus().getAllocatable() == null
                    ? Map.of() : node.getStatus().getAllocatable();
            boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream().anyMatch(NodeFit::isReady);
            boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            long cpu = 0;
            long mem = 0;
            long count = 0;
            for (Pod p : podsOnNode) {
                String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
                if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                    continue;
                }
                Demand d = Demand.of(p);
                cpu += d.cpuMilli();
                mem += d.memoryBytes();
                count++;
            }
            return new NodeState(node.getMetadata().getName(),
                    node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels(),
                    node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints(),
                    ready && !unschedulable, amount(alloc.get("cpu"), 1000), amount(alloc.get("memory"), 1),
                    amount(alloc.get("pods"), 1), cpu, mem, count);
        }

        boolean virtual() {
            return Keys.NODE_TYPE_VIRTUAL_KUBELET.equals(labels.get(Keys.NODE_LABEL_TYPE));
        }
    }

    /**
     * Whether {@code pod} fits on one of {@code nodes} (ordinary nodes; virtual ones are skipped) that match
     * {@code unitSelector}, after the pods in {@code inFlight} (admitted, not on a node yet) took their room.
     */
    public static boolean fits(Pod pod, Map<String, String> unitSelector, List<NodeState> nodes, List<Demand> inFlight) {
        List<long[]> free = new ArrayList<>();
        for (NodeState n : nodes) {
            if (n.virtual() || !n.schedulable() || !matches(n.labels(), unitSelector) || !matches(n.labels(), nodeSelectorOf(pod))
                    || !tolerates(pod, n.taints())) {
                continue;
            }
            free.add(new long[] {n.cpuMilli() - n.usedCpuMilli(), n.memoryBytes() - n.usedMemoryBytes(), n.pods() - n.usedPods()});
        }
        for (Demand d : inFlight) {
            for (long[] f : free) {
                if (room(f, d)) {
                    take(f, d);
                    break;
                }
            }
        }
        Demand demand = Demand.of(pod);
        return free.stream().anyMatch(f -> room(f, demand));
    }

    private static boolean room(long[] free, Demand d) {
        return free[0] >= d.cpuMilli() && free[1] >= d.memoryBytes() && free[2] >= 1;
    }

    private static void take(long[] free, Demand d) {
        free[0] -= d.cpuMilli();
        free[1] -= d.memoryBytes();
        free[2] -= 1;
    }

    private static Map<String, String> nodeSelectorOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeSelector() == null ? Map.of() : pod.getSpec().getNodeSelector();
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return selector == null || selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Kubernetes toleration semantics for the taints that keep a pod off a node (NoSchedule, NoExecute). */
    static boolean tolerates(Pod pod, List<Taint> taints) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        for (Taint taint : taints) {
            if ("PreferNoSchedule".equals(taint.getEffect())) {
                continue;
            }
            boolean tolerated = tolerations.stream().anyMatch(t -> tolerates(t, taint));
            if (!tolerated) {
                return false;
            }
        }
        return true;
    }

    private static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() == null || t.getKey().isEmpty()) {
            return "Exists".equals(t.getOperator());
        }
        if (!t.getKey().equals(taint.getKey())) {
            return false;
        }
        return "Exists".equals(t.getOperator()) || java.util.Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
    }

    private static boolean isReady(NodeCondition c) {
        return "Ready".equals(c.getType()) && "True".equals(c.getStatus());
    }

    static long amount(Quantity q, int scale) {
        if (q == null) {
            return 0;
        }
        try {
            return Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
