package io.vnode.executor.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two-pass reconciliation of the cloud's instances (tagged with our cluster) against the pods in
 * the Kubernetes API. One stale read never acts: an instance is deleted as an orphan only when two
 * consecutive passes found no live pod with its pod-uid tag, and a pod is reported as having lost
 * its instance only when two consecutive passes found its instance missing. Only an instance that
 * carries this cluster's tag can be an orphan, whatever the listing returned. A pass over an empty
 * pod list decides nothing and changes nothing (a cluster always has pods: an empty answer is a
 * wrong read). A vanished instance is proposed at every pass until {@link #reported} says its event
 * was published; the caller looks it up by id first. Not thread-safe: one sweeper runs passes one
 * after another.
 *
 * <p>For correct results list the cloud first and the pods second in each pass: an instance then
 * always has its pod in the same pass (a pod exists before its instance is created).
 */
public final class OrphanSweeper {

    /** A pod that exists in the Kubernetes API. */
    public record LivePod(PodRef pod, String virtualNode, String expectedInstanceId, boolean terminating) {
    }

    /** A pod whose instance disappeared without a delete request. */
    public record Vanished(PodRef pod, String virtualNode, String instanceId) {
    }

    /** What a pass decided. */
    public record Decision(List<CloudInstance> orphansToDelete, List<Vanished> vanished) {
        static final Decision NOTHING = new Decision(List.of(), List.of());
    }

    private final String clusterId;
    private Set<String> orphanSuspects = Set.of();
    private Map<String, String> vanishSuspects = Map.of();
    private final Set<String> reportedVanished = new HashSet<>();

    /** @param clusterId the value of this cluster's tag: only instances carrying it are ever orphans */
    public OrphanSweeper(String clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * @param instances every instance tagged with our cluster (a complete listing)
     * @param livePodsByUid every pod in the API server by uid (a complete listing)
     */
    public Decision pass(List<CloudInstance> instances, Map<String, LivePod> livePodsByUid) {
        if (livePodsByUid.isEmpty()) {
            return Decision.NOTHING;
        }
        Set<String> suspects = new HashSet<>();
        List<CloudInstance> orphans = new ArrayList<>();
        Set<String> instanceIds = new HashSet<>();
        Set<String> podsWithInstance = new HashSet<>();
        for (CloudInstance i : instances) {
            instanceIds.add(i.id());
            String uid = i.podUid();
            if (uid == null || uid.isBlank() || !clusterId.equals(i.tags().get(Keys.TAG_CLUSTER_ID))) {
                continue; // not made by a pod of this cluster: never ours to delete
            }
            podsWithInstance.add(uid);
            if (!livePodsByUid.containsKey(uid)) {
                suspects.add(i.id());
                if (orphanSuspects.contains(i.id())) {
                    orphans.add(i);
                }
            }
        }
        Map<String, String> missing = new HashMap<>();
        List<Vanished> vanished = new ArrayList<>();
        for (LivePod p : livePodsByUid.values()) {
            String expected = p.expectedInstanceId();
            if (expected == null || p.terminating() || instanceIds.contains(expected)
                    || podsWithInstance.contains(p.pod().uid())) {
                continue;
            }
            missing.put(p.pod().uid(), expected);
            if (expected.equals(vanishSuspects.get(p.pod().uid())) && !reportedVanished.contains(expected)) {
                vanished.add(new Vanished(p.pod(), p.virtualNode(), expected));
            }
        }
        reportedVanished.removeIf(id -> !missing.containsValue(id));
        orphanSuspects = suspects;
        vanishSuspects = missing;
        return new Decision(orphans, vanished);
    }

    /** The pod of this vanished instance was told (its event published): it is not proposed again. */
    public void reported(String instanceId) {
        reportedVanished.add(instanceId);
    }
}
