package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.vnode.contracts.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods go to the virtual node without the user writing a nodeSelector and toleration: the
 * product's other scheduling methods (pod label {@code alibabacloud.com/acs: "true"} or
 * {@code alibabacloud.com/eci: "true"}, a namespace labelled {@code alibabacloud.com/eci=true}, an
 * eci-profile selector). The result is the JSONPatch the admission webhook returns. DaemonSet pods are
 * never routed: a per-node daemon on a serverless instance makes no sense (VK#20, kube-proxy).
 *
 * <p>Every pod that goes to the virtual node (routed here, or by its own nodeSelector and toleration)
 * also tolerates {@code node.kubernetes.io/not-ready} and {@code unreachable} NoExecute without a time
 * limit: when node-agent itself is down longer than the node's grace period plus the default 300 s, the
 * node lifecycle controller would otherwise evict every pod and so delete every running instance.
 */
public final class RoutingPolicy {

    /** Why a pod was or was not routed; shown in the webhook's logs and admission warnings. */
    public enum Reason {
        POD_LABEL_ACS, POD_LABEL_ECI, NAMESPACE_LABEL_ECI, ECI_PROFILE_SELECTOR, NODE_SELECTOR,
        DAEMONSET_NEVER_ROUTED, ALREADY_BOUND, NOT_SELECTED
    }

    /** A JSONPatch (RFC 6902) operation. */
    public record PatchOp(String op, String path, Object value) {
    }

    /**
     * @param route whether the pod goes to the virtual node
     * @param patch what makes it go there; empty when it already targets the node or is not routed
     */
    public record Decision(boolean route, Reason reason, String detail, List<PatchOp> patch) {
    }

    private RoutingPolicy() {
    }

    public static Decision decide(Pod pod, Map<String, String> namespaceLabels, List<ProfileSelector> profile) {
        if (isDaemonSetPod(pod)) {
            return new Decision(false, Reason.DAEMONSET_NEVER_ROUTED, "DaemonSet pods never run on the virtual node", List.of());
        }
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isBlank()) {
            return new Decision(false, Reason.ALREADY_BOUND, "the pod names its node", List.of());
        }
        if (targetsVirtualNode(pod)) {
            List<PatchOp> ops = new ArrayList<>();
            addOutageTolerations(pod, ops);
            addReservedPlacement(pod, ops);
            return new Decision(true, Reason.NODE_SELECTOR, "nodeSelector " + Keys.NODE_LABEL_TYPE + "=" + Keys.NODE_TYPE_VIRTUAL_KUBELET
                    + " and the taint's toleration", List.copyOf(ops));
        }
        Map<String, String> labels = pod.getMetadata() == null || pod.getMetadata().getLabels() == null
                ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> nsLabels = namespaceLabels == null ? Map.of() : namespaceLabels;
        if ("true".equals(labels.get(Keys.LABEL_ACS))) {
            return routed(pod, Reason.POD_LABEL_ACS, "pod label " + Keys.LABEL_ACS + "=true");
        }
        if ("true".equals(labels.get(Keys.LABEL_ECI))) {
            return routed(pod, Reason.POD_LABEL_ECI, "pod label " + Keys.LABEL_ECI + "=true");
        }
        if ("true".equals(nsLabels.get(Keys.LABEL_ECI))) {
            return routed(pod, Reason.NAMESPACE_LABEL_ECI, "namespace label " + Keys.LABEL_ECI + "=true");
        }
        for (ProfileSelector s : profile == null ? List.<ProfileSelector>of() : profile) {
            if (s.matches(nsLabels, labels)) {
                Decision d = routed(pod, Reason.ECI_PROFILE_SELECTOR, "eci-profile selector " + s.name());
                List<PatchOp> ops = new ArrayList<>(d.patch());
                // the selector's effect: keys the pod does not set itself (as the translator applies it)
                PolicyPlacement.putAll(ops, "/metadata/annotations", pod.getMetadata().getAnnotations(),
                        missing(pod.getMetadata().getAnnotations(), s.effectAnnotations()));
                PolicyPlacement.putAll(ops, "/metadata/labels", pod.getMetadata().getLabels(), missing(labels, s.effectLabels()));
                return new Decision(true, d.reason(), d.detail(), List.copyOf(ops));
            }
        }
        return new Decision(false, Reason.NOT_SELECTED, "no routing label, namespace label or eci-profile selector", List.of());
    }

    private static Map<String, String> missing(Map<String, String> existing, Map<String, String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (existing == null || !existing.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public static boolean isDaemonSetPod(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata() == null ? null : pod.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
    }

    /** nodeSelector {@code type: virtual-kubelet} and a toleration of the virtual node's taint. */
    public static boolean targetsVirtualNode(Pod pod) {
        return hasVirtualNodeSelector(pod) && toleratesTaint(pod);
    }

    public static boolean hasVirtualNodeSelector(Pod pod) {
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        return selector != null && Keys.NODE_TYPE_VIRTUAL_KUBELET.equals(selector.get(Keys.NODE_LABEL_TYPE));
    }

    /** Kubernetes toleration semantics for the taint virtual-kubelet.io/provider=alibabacloud:NoSchedule. */
    public static boolean toleratesTaint(Pod pod) {
        List<Toleration> tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || VirtualNodeSpec.NO_SCHEDULE.equals(t.getEffect());
            boolean exists = "Exists".equals(t.getOperator());
            boolean key = t.getKey() == null || t.getKey().isEmpty() ? exists : Keys.TAINT_KEY.equals(t.getKey());
            boolean value = exists || Keys.TAINT_VALUE.equals(t.getValue());
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }

    public static Map<String, Object> toleration() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("key", Keys.TAINT_KEY);
        t.put("operator", "Exists");
        t.put("effect", VirtualNodeSpec.NO_SCHEDULE);
        return t;
    }

    private static Decision routed(Pod pod, Reason reason, String detail) {
        return new Decision(true, reason, detail, toVirtualNode(pod));
    }

    /** The JSONPatch that sends a pod to the virtual node: its nodeSelector, the taint's and the outage tolerations. */
    public static List<PatchOp> toVirtualNode(Pod pod) {
        List<PatchOp> ops = new ArrayList<>();
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (selector == null || selector.isEmpty()) {
            ops.add(new PatchOp("add", "/spec/nodeSelector", Map.of(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET)));
        } else if (!hasVirtualNodeSelector(pod)) {
            ops.add(new PatchOp("add", "/spec/nodeSelector/" + escape(Keys.NODE_LABEL_TYPE), Keys.NODE_TYPE_VIRTUAL_KUBELET));
        }
        if (pod.getSpec() == null || pod.getSpec().getTolerations() == null || pod.getSpec().getTolerations().isEmpty()) {
            ops.add(new PatchOp("add", "/spec/tolerations", List.of(toleration(), outageToleration(NOT_READY), outageToleration(UNREACHABLE))));
        } else {
            if (!toleratesTaint(pod)) {
                ops.add(new PatchOp("add", "/spec/tolerations/-", toleration()));
            }
            addOutageTolerations(pod, ops);
        }
        addReservedPlacement(pod, ops);
        return List.copyOf(ops);
    }

    /**
     * A {@code compute-class: gpu-hpn} pod runs on a GPU-HPN capacity reservation's node: it gets the
     * nodeSelector {@code alibabacloud.com/node-type: reserved} (the documents have users write it) and the
     * toleration of the reserved taint, which no other pod gets.
     */
    private static void addReservedPlacement(Pod pod, List<PatchOp> ops) {
        Map<String, String> labels = pod.getMetadata() == null || pod.getMetadata().getLabels() == null
                ? Map.of() : pod.getMetadata().getLabels();
        if (!GPU_HPN.equals(labels.get(Keys.LABEL_COMPUTE_CLASS))) {
            return;
        }
        Map<String, String> selector = pod.getSpec() == null || pod.getSpec().getNodeSelector() == null
                ? Map.of() : pod.getSpec().getNodeSelector();
        if (!selector.containsKey(Keys.LABEL_NODE_TYPE)) {
            // the virtual node's selector is in place (the pod's own, or added just before)
            ops.add(new PatchOp("add", "/spec/nodeSelector/" + escape(Keys.LABEL_NODE_TYPE), VirtualNodeIdentity.NODE_TYPE_RESERVED));
        }
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        boolean tolerated = tolerations.stream().anyMatch(t -> Keys.LABEL_NODE_TYPE.equals(t.getKey())
                && ("Exists".equals(t.getOperator()) || VirtualNodeIdentity.NODE_TYPE_RESERVED.equals(t.getValue())));
        if (!tolerated) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("key", Keys.LABEL_NODE_TYPE);
            t.put("operator", "Equal");
            t.put("value", VirtualNodeIdentity.NODE_TYPE_RESERVED);
            t.put("effect", VirtualNodeSpec.NO_SCHEDULE);
            ops.add(new PatchOp("add", "/spec/tolerations/-", t));
        }
    }

    static final String GPU_HPN = "gpu-hpn";

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    private static final String NO_EXECUTE = "NoExecute";

    /** {@code key} Exists NoExecute, for ever. */
    public static Map<String, Object> outageToleration(String key) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", NO_EXECUTE);
        return t;
    }

    /**
     * The not-ready and unreachable tolerations without a time limit: a time limit on an existing one (the
     * API server's DefaultTolerationSeconds gives every pod 300 s) is removed, a missing one is added.
     */
    private static void addOutageTolerations(Pod pod, List<PatchOp> ops) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        List<PatchOp> appends = new ArrayList<>();
        for (String key : List.of(NOT_READY, UNREACHABLE)) {
            boolean forever = false;
            for (int i = 0; i < tolerations.size(); i++) {
                Toleration t = tolerations.get(i);
                if (key.equals(t.getKey()) && "Exists".equals(t.getOperator()) && NO_EXECUTE.equals(t.getEffect())) {
                    if (t.getTolerationSeconds() != null) {
                        ops.add(new PatchOp("remove", "/spec/tolerations/" + i + "/tolerationSeconds", null));
                    }
                    forever = true;
                }
            }
            if (!forever) {
                appends.add(new PatchOp("add", "/spec/tolerations/-", outageToleration(key)));
            }
        }
        ops.addAll(appends);
    }

    /** JSON Pointer escaping (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
