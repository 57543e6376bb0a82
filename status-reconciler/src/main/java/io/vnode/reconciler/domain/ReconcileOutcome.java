package io.vnode.reconciler.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.billing.BillingUsageRecorded;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of applying events to a pod: the pod as it should be (status and annotations), the
 * Kubernetes Events to record, the usage records to publish, whether to delete the pod, and the
 * reasons events were dropped (stale, duplicate, terminal pod, unknown pod).
 */
public record ReconcileOutcome(Pod pod, List<PodEventNote> notes, List<BillingUsageRecorded> usage, boolean deletePod,
                               List<String> dropped, int applied) {

    public static ReconcileOutcome start(Pod pod) {
        return new ReconcileOutcome(pod, List.of(), List.of(), false, List.of(), 0);
    }

    ReconcileOutcome drop(String why) {
        return new ReconcileOutcome(pod, notes, usage, deletePod, plus(dropped, why), applied);
    }

    ReconcileOutcome next(Pod newPod, List<PodEventNote> newNotes, List<BillingUsageRecorded> newUsage, boolean delete) {
        List<PodEventNote> n = new ArrayList<>(notes);
        n.addAll(newNotes);
        List<BillingUsageRecorded> u = new ArrayList<>(usage);
        u.addAll(newUsage);
        return new ReconcileOutcome(newPod, List.copyOf(n), List.copyOf(u), deletePod || delete, dropped, applied + 1);
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> l = new ArrayList<>(list);
        l.add(item);
        return List.copyOf(l);
    }
}
