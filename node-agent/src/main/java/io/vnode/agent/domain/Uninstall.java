package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The decisions of an uninstall ({@code helm uninstall} runs node-agent with {@code --vnode.mode=uninstall} as a
 * pre-delete hook) and what the running agents make of it. The hook marks each virtual node with
 * {@value #MARKER}, cordons it, deletes the pods bound to it (their instances are deleted as for any deleted
 * pod), waits until none is left, then deletes the node and its Lease. A running agent never un-cordons or
 * re-registers a node it has seen marked, so the node stays gone; a node never marked is registered again
 * whenever it is missing (a rolling restart never removes a node, and a node deleted by hand comes back).
 */
public final class Uninstall {

    /** Annotation on a virtual node being uninstalled; its value is when the uninstall began. */
    public static final String MARKER = "vnode.alibabacloud.com/uninstalling";
    /** NoSchedule taint the uninstall adds beside {@code spec.unschedulable}, saying why no pod lands there. */
    public static final String TAINT_KEY = "vnode.alibabacloud.com/uninstalling";

    private Uninstall() {
    }

    public static boolean marked(Node node) {
        return node != null && node.getMetadata() != null && node.getMetadata().getAnnotations() != null
                && node.getMetadata().getAnnotations().containsKey(MARKER);
    }

    public static Taint taint() {
        return new TaintBuilder().withKey(TAINT_KEY).withValue("true").withEffect(VirtualNodeSpec.NO_SCHEDULE).build();
    }

    /** Where one virtual node stands, as a running agent sees it. */
    public enum NodeState {
        /** Not being uninstalled: registered (created when missing, merged when present) and heartbeated. */
        SERVED,
        /** Marked and still present: its status and Lease are kept fresh (pods drain on a Ready node), nothing else is written. */
        DRAINING,
        /** Seen marked, now gone: never created again by this process. */
        UNINSTALLED
    }

    /**
     * @param current the node as the agent's cache holds it (null: absent)
     * @param seenMarked whether this process has ever seen this node carry the marker
     */
    public static NodeState state(Node current, boolean seenMarked) {
        if (marked(current)) {
            return NodeState.DRAINING;
        }
        if (current == null && seenMarked) {
            return NodeState.UNINSTALLED;
        }
        return NodeState.SERVED;
    }

    /** A pod bound to a virtual node, as the uninstall sees it. */
    public record BoundPod(String namespace, String name, String nodeName, boolean deleting) {
        @Override
        public String toString() {
            return namespace + "/" + name + " on " + nodeName + (deleting ? " (terminating)" : "");
        }
    }

    /** What the uninstall does next, from what it sees now. */
    public sealed interface Step {
        /** Pods not yet deleting are deleted (gracefully: the services delete their instances, then finish them). */
        record DeletePods(List<BoundPod> pods) implements Step {
        }

        /** Every pod left is already terminating: look again later. */
        record Wait(List<BoundPod> left) implements Step {
        }

        /** No pod is bound to the nodes any more: delete the nodes and their Leases. */
        record DeleteNodes(List<String> nodes) implements Step {
        }

        /** The deadline passed with pods still bound: stop, name them, and keep the nodes (their pods need them to finish). */
        record GiveUp(List<BoundPod> left, Duration waited) implements Step {
        }
    }

    /**
     * @param nodes the nodes still present
     * @param pods the pods bound to them now
     * @param waited how long the uninstall has run
     * @param timeout how long it may wait for pods to go
     */
    public static Step next(List<String> nodes, List<BoundPod> pods, Duration waited, Duration timeout) {
        if (pods.isEmpty()) {
            return new Step.DeleteNodes(List.copyOf(nodes));
        }
        List<BoundPod> notDeleting = pods.stream().filter(p -> !p.deleting()).toList();
        if (!notDeleting.isEmpty() && waited.compareTo(timeout) < 0) {
            return new Step.DeletePods(notDeleting);
        }
        if (waited.compareTo(timeout) >= 0) {
            return new Step.GiveUp(List.copyOf(pods), waited);
        }
        return new Step.Wait(List.copyOf(pods));
    }

    /** The message a failed uninstall ends with: what is left and what to do. */
    public static String leftOver(Step.GiveUp giveUp, Map<String, Integer> podsPerNode) {
        StringBuilder b = new StringBuilder("uninstall gave up after ").append(giveUp.waited().toSeconds())
                .append(" s: ").append(giveUp.left().size()).append(" pod(s) still bound to the virtual nodes ")
                .append(podsPerNode).append(", so the nodes were kept (their pods need them to finish): ");
        giveUp.left().stream().limit(20).forEach(p -> b.append(p).append("; "));
        if (giveUp.left().size() > 20) {
            b.append("... ");
        }
        return b.append("a pod stays terminating while its instance is not deleted: check that cloud-executor and")
                .append(" status-reconciler run and reach the cloud, then uninstall again").toString();
    }
}
