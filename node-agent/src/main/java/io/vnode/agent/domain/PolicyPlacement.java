package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.agent.domain.ResourcePolicy.Resource;
import io.vnode.agent.domain.ResourcePolicy.Unit;
import io.vnode.agent.domain.RoutingPolicy.PatchOp;
import io.vnode.contracts.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multilevel scheduling by ResourcePolicy, decided when a pod is created: which policy governs the pod
 * (its workload's {@code resourcePolicy} annotation, else the one policy of its namespace whose selector
 * it matches) and which unit it goes to, top to bottom: a unit whose {@code max} is reached is skipped;
 * an {@code idc} or {@code ecs} unit is taken when the pod fits on its nodes; an {@code eci} or
 * {@code acs} unit always has room (the virtual node). The pod is then handed to kube-scheduler bound to
 * that unit: a nodeSelector (the unit's, for {@code ecs}), or the virtual node's nodeSelector and
 * toleration plus the unit's {@code podLabels}; its {@code schedulerName: ack-co-scheduler} becomes
 * {@code default-scheduler}. Its {@code controller.kubernetes.io/pod-deletion-cost} falls with the unit's
 * rank, so a scale-in removes the last unit's pods first.
 */
public final class PolicyPlacement {

    public static final String CO_SCHEDULER = "ack-co-scheduler";
    public static final String DEFAULT_SCHEDULER = "default-scheduler";
    public static final String LABEL_POLICY = Keys.OWN_PREFIX + "resource-policy";
    public static final String LABEL_UNIT = Keys.OWN_PREFIX + "resource-policy-unit";
    public static final String LABEL_PLACEMENT = Keys.OWN_PREFIX + "placement";
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    /** What the unit-level facts are, as the cluster shows them now. */
    public interface Units {

        /** The policy's pods in unit {@code unit} (created, or admitted and about to be). */
        int podsIn(ResourcePolicy policy, int unit);

        /** Whether the pod fits on the nodes of an {@code idc} or {@code ecs} unit. */
        boolean fits(Pod pod, Unit unit);
    }

    /** The outcome for one pod. */
    public sealed interface Outcome permits NotGoverned, Placed, Refused {
    }

    /**
     * No policy governs the pod: the other scheduling methods apply. {@code patch} hands an
     * {@code ack-co-scheduler} pod to kube-scheduler; {@code warnings} say why no policy applied.
     */
    public record NotGoverned(List<PatchOp> patch, List<String> warnings) implements Outcome {
    }

    /** The pod goes to {@code unit} of {@code policy}. */
    public record Placed(ResourcePolicy policy, int unit, List<PatchOp> patch, String detail, List<String> warnings) implements Outcome {
    }

    /** The pod is not admitted: the message says what to fix (or, for full units, that it is retried). */
    public record Refused(String message) implements Outcome {
    }

    private PolicyPlacement() {
    }

    /**
     * @param policies     the policies of the pod's namespace, as parsed (invalid ones included, for messages)
     * @param workloadBinding the owner workload's {@code resourcePolicy} annotation, if any
     * @param placementId  a fresh id written on the placed pod, so an admitted pod is counted before it is seen
     */
    public static Outcome decide(Pod pod, List<ResourcePolicy.Parsed> policies, Optional<String> workloadBinding, Units units,
                                 String placementId) {
        Map<String, String> labels = pod.getMetadata() == null || pod.getMetadata().getLabels() == null
                ? Map.of() : pod.getMetadata().getLabels();
        boolean coScheduled = pod.getSpec() != null && CO_SCHEDULER.equals(pod.getSpec().getSchedulerName());
        String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
        List<String> warnings = new ArrayList<>();
        ResourcePolicy.Parsed chosen = null;
        if (workloadBinding.isPresent()) {
            String name = workloadBinding.get();
            chosen = policies.stream().filter(p -> p.policy().name().equals(name)).findFirst().orElse(null);
            if (chosen == null) {
                warnings.add("the workload's " + ResourcePolicy.WORKLOAD_ANNOTATION + " annotation names ResourcePolicy " + name
                        + ", which does not exist in namespace " + namespace + "; the pod is scheduled without it");
            }
        } else {
            List<ResourcePolicy.Parsed> selecting = policies.stream().filter(p -> p.policy().selects(labels)).toList();
            if (selecting.size() > 1) {
                return new Refused("ResourcePolicies " + String.join(", ", selecting.stream().map(p -> p.policy().name()).toList())
                        + " in namespace " + namespace + " all select this pod; a pod follows one policy: narrow their selectors");
            }
            chosen = selecting.isEmpty() ? null : selecting.get(0);
        }
        if (chosen != null && !chosen.valid()) {
            warnings.add("ResourcePolicy " + chosen.policy().name() + " cannot be used: " + String.join("; ", chosen.problems())
                    + "; the pod is scheduled without it");
            chosen = null;
        }
        if (chosen == null) {
            List<PatchOp> patch = new ArrayList<>();
            if (coScheduled) {
                patch.add(new PatchOp("add", "/spec/schedulerName", DEFAULT_SCHEDULER));
                if (workloadBinding.isEmpty()) {
                    warnings.add(nearMisses(policies, labels, namespace));
                }
            }
            return new NotGoverned(List.copyOf(patch), List.copyOf(warnings));
        }
        return place(pod, chosen.policy(), units, placementId, warnings);
    }

    private static Outcome place(Pod pod, ResourcePolicy policy, Units units, String placementId, List<String> warnings) {
        List<Unit> list = policy.units();
        int firstWithRoomInMax = -1;
        List<String> full = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Unit u = list.get(i);
            int in = units.podsIn(policy, i);
            if (u.max() != null && in >= u.max()) {
                full.add(u.resource().wire() + " " + in + "/" + u.max());
                continue;
            }
            if (firstWithRoomInMax < 0) {
                firstWithRoomInMax = i;
            }
            if (u.resource().virtual() || units.fits(pod, u)) {
                return placed(pod, policy, i, placementId, "unit " + i + " (" + u.resource().wire() + ")"
                        + (full.isEmpty() ? "" : " after " + String.join(", ", full) + " reached max"), warnings);
            }
            full.add(u.resource().wire() + " without room");
        }
        if (firstWithRoomInMax < 0) {
            return new Refused("every unit of ResourcePolicy " + policy.name() + " is at its max (" + String.join(", ", full)
                    + "); the pod is created when a unit has room (its controller retries)");
        }
        // ordinary units without room now, none virtual: the pod waits Pending on the first one, as a scheduler leaves it
        return placed(pod, policy, firstWithRoomInMax, placementId, "unit " + firstWithRoomInMax + " ("
                + list.get(firstWithRoomInMax).resource().wire() + "), waiting for room: " + String.join(", ", full), warnings);
    }

    private static Placed placed(Pod pod, ResourcePolicy policy, int index, String placementId, String detail, List<String> warnings) {
        Unit unit = policy.units().get(index);
        List<PatchOp> ops = new ArrayList<>();
        Map<String, String> addLabels = new LinkedHashMap<>(unit.podLabels());
        if (unit.resource() == Resource.ACS) {
            addLabels.put(Keys.LABEL_ACS, "true");
        }
        addLabels.put(LABEL_POLICY, labelValue(policy.name()));
        addLabels.put(LABEL_UNIT, Integer.toString(index));
        addLabels.put(LABEL_PLACEMENT, placementId);
        putAll(ops, "/metadata/labels", pod.getMetadata().getLabels(), addLabels);
        // lower cost goes first on scale-in: the last unit's pods
        putAll(ops, "/metadata/annotations", pod.getMetadata().getAnnotations(),
                Map.of(DELETION_COST, Integer.toString((policy.units().size() - 1 - index) * 100)));
        String scheduler = pod.getSpec().getSchedulerName();
        if (scheduler == null || CO_SCHEDULER.equals(scheduler)) {
            ops.add(new PatchOp("add", "/spec/schedulerName", DEFAULT_SCHEDULER));
        }
        if (unit.resource().virtual()) {
            if (!unit.nodeSelector().isEmpty()) {
                warnings.add("ResourcePolicy " + policy.name() + ": the nodeSelector of unit " + index + " (" + unit.resource().wire()
                        + ") is ignored: it applies to ecs units only");
            }
            if (!RoutingPolicy.targetsVirtualNode(pod)) {
                ops.addAll(RoutingPolicy.toVirtualNode(pod));
            }
        } else if (unit.resource() == Resource.ECS) {
            putAll(ops, "/spec/nodeSelector", pod.getSpec().getNodeSelector(), unit.nodeSelector());
        }
        return new Placed(policy, index, List.copyOf(ops), "ResourcePolicy " + policy.name() + ": " + detail, List.copyOf(warnings));
    }

    /** A policy's name as a label value (at most 63 characters: a longer name is cut and given a hash). */
    public static String labelValue(String policyName) {
        if (policyName.length() <= 63) {
            return policyName;
        }
        return policyName.substring(0, 54) + "-" + String.format("%08x", policyName.hashCode());
    }

    private static String nearMisses(List<ResourcePolicy.Parsed> policies, Map<String, String> labels, String namespace) {
        StringBuilder b = new StringBuilder("schedulerName " + CO_SCHEDULER + ": no ResourcePolicy in namespace " + namespace
                + " selects this pod");
        for (ResourcePolicy.Parsed p : policies) {
            b.append("; ").append(p.policy().name()).append(" needs the labels ").append(String.join(", ", p.policy().missingLabels(labels)));
        }
        return b.append("; the pod is scheduled by ").append(DEFAULT_SCHEDULER).toString();
    }

    /**
     * JSONPatch ops that set every entry of {@code entries} in the map at {@code path}. An empty map is
     * written whole: a decoded pod shows an absent map as empty, and adding a key under an absent path fails.
     */
    static void putAll(List<PatchOp> ops, String path, Map<String, String> existing, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (existing == null || existing.isEmpty()) {
            ops.add(new PatchOp("add", path, new LinkedHashMap<>(entries)));
            return;
        }
        entries.forEach((k, v) -> ops.add(new PatchOp("add", path + "/" + RoutingPolicy.escape(k), v)));
    }
}
