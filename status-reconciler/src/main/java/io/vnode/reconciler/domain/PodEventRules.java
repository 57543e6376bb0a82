package io.vnode.reconciler.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.vnode.contracts.Keys;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.contracts.instance.CloudEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.contracts.pod.PodRejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules by which instance events and rejections change a pod, applied purely:
 * (outcome so far, event) -> {@link ReconcileOutcome}. The rules:
 *
 * <ul>
 *   <li>an event for another incarnation of the pod (uid differs) or a pod that does not exist is dropped;</li>
 *   <li>stale: an event whose sequence is not above the last one applied to the pod (persisted in
 *       {@link ReconcilerKeys#INSTANCE_EVENT_SEQUENCE}) is dropped; equal means a redelivery. A stale
 *       InstanceCreated still fills the annotations the pod lacks (client token, request id). An
 *       instance status is stale only against the statuses applied before it
 *       ({@link ReconcilerKeys#INSTANCE_STATUS_SEQUENCE}): with several executor replicas the one
 *       that watches the instances is not always the one that created it, so a status can carry a
 *       lower sequence than the InstanceCreated that overtook it, and it is still the instance's
 *       latest state (the create changes no field a status sets);</li>
 *   <li>a terminal pod (Succeeded, Failed) is never reopened: only its billing marks, instance
 *       annotations and deletion are still handled;</li>
 *   <li>permanent create failures and rejections fail the pod (reason ProviderFailed or the
 *       rejection code) with a Warning; a permanent failure for want of capacity (no stock under
 *       fail-fast, or eci-max-pending-minute passed) has reason ContainerInstanceScheduleFailed;
 *       each carries a ContainerInstanceCreated=False condition with the cloud's code and message;
 *       retryable create failures (NoStock, throttling) keep it Pending with a Warning and that
 *       condition saying why; a wait for a ConfigMap/Secret not created yet shows as a kubelet
 *       shows it (containers waiting CreateContainerConfigError or ContainerCreating);</li>
 *   <li>the cloud's events are mirrored as the pod's Events, but for its Normal "Scheduled" (the
 *       instance placed in a zone): kube-scheduler has recorded the pod's Scheduled, and the
 *       ProviderCreated Event names the instance and its zone.</li>
 * </ul>
 */
public final class PodEventRules {

    public static final String PROVIDER_FAILED = "ProviderFailed";
    /** Reason of a pod the cloud had no capacity for and that is not retried any more (ECI's own reason for it). */
    public static final String SCHEDULE_FAILED = "ContainerInstanceScheduleFailed";
    public static final String INSTANCE_VANISHED = "InstanceVanished";
    /** The cloud's event for placing the instance; not mirrored (see {@link #apply}). */
    static final String CLOUD_SCHEDULED = "Scheduled";

    private PodEventRules() {
    }

    public static ReconcileOutcome apply(ReconcileOutcome outcome, VnodeEvent event) {
        if (event instanceof PodRejected r) {
            return applyRejection(outcome, r);
        }
        if (event instanceof InstanceEvent e) {
            return applyInstanceEvent(outcome, e);
        }
        return outcome.drop("unsupported event " + event.getClass().getSimpleName());
    }

    static ReconcileOutcome applyInstanceEvent(ReconcileOutcome outcome, InstanceEvent e) {
        Pod pod = outcome.pod();
        String problem = identity(pod, e);
        if (problem != null) {
            return outcome.drop(problem);
        }
        long last = sequence(pod, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE);
        // a pod written before statuses had their own sequence: its last event sequence is the bar for them too
        long lastStatus = pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(ReconcilerKeys.INSTANCE_STATUS_SEQUENCE)
                ? sequence(pod, ReconcilerKeys.INSTANCE_STATUS_SEQUENCE) : last;
        long bar = e instanceof InstanceStatusChanged ? lastStatus : last;
        if (e.sequence() > 0 && e.sequence() <= bar) {
            if (e instanceof InstanceCreated c) {
                Pod filled = copy(pod);
                // overtaken by the instance's status: the pod still learns of the create, once
                List<PodEventNote> notes = knownCreate(pod, c) || terminal(pod) ? List.of() : List.of(providerCreated(c));
                AnnotationPlan.forCreated(c).forEach(annotations(filled)::putIfAbsent);
                return outcome.next(filled, notes, List.of(), false).drop("stale " + typeName(e) + " " + e.sequence()
                        + " <= " + last + " (missing annotations filled)");
            }
            return outcome.drop("stale " + typeName(e) + " sequence " + e.sequence() + " <= " + last);
        }
        Pod next = copy(pod);
        ReconcileOutcome result;
        if (e instanceof InstanceCreated c) {
            result = created(outcome, next, c);
        } else if (e instanceof InstanceStatusChanged s) {
            result = statusChanged(outcome, next, s);
        } else if (e instanceof InstanceCreateFailed f) {
            result = createFailed(outcome, next, f);
        } else {
            result = deleted(outcome, next, (InstanceDeleted) e);
        }
        if (e.sequence() > 0 && !result.deletePod()) {
            Map<String, String> a = annotations(result.pod());
            a.put(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, Long.toString(Math.max(last, e.sequence())));
            a.put(ReconcilerKeys.INSTANCE_STATUS_SEQUENCE, Long.toString(e instanceof InstanceStatusChanged ? e.sequence() : lastStatus));
        }
        return result;
    }

    static ReconcileOutcome applyRejection(ReconcileOutcome outcome, PodRejected r) {
        Pod pod = outcome.pod();
        String problem = identity(pod, r);
        if (problem != null) {
            return outcome.drop(problem);
        }
        long last = sequence(pod, ReconcilerKeys.REJECTION_SEQUENCE);
        if (r.sequence() > 0 && r.sequence() <= last) {
            return outcome.drop("stale rejection sequence " + r.sequence() + " <= " + last);
        }
        if (terminal(pod)) {
            return outcome.drop("pod is " + pod.getStatus().getPhase() + "; a terminal pod is never reopened");
        }
        Pod next = copy(pod);
        fail(next, r.reasonCode(), r.message(), r.occurredAt(), r.reasonCode());
        annotations(next).put(Keys.FAILURE_REASON, r.reasonCode());
        if (r.sequence() > 0) {
            annotations(next).put(ReconcilerKeys.REJECTION_SEQUENCE, Long.toString(r.sequence()));
        }
        return outcome.next(next, List.of(PodEventNote.warning(r.reasonCode(), r.message(), r.occurredAt())), List.of(), false);
    }

    private static ReconcileOutcome created(ReconcileOutcome outcome, Pod next, InstanceCreated c) {
        boolean known = knownCreate(next, c);
        annotations(next).putAll(AnnotationPlan.forCreated(c));
        if (terminal(next)) {
            return outcome.next(next, List.of(), List.of(), false);
        }
        PodStatus status = PodStatusMapper.copy(next);
        if (status.getPhase() == null) {
            status.setPhase(PodPhase.PENDING);
        }
        PodStatusMapper.upsert(status, PodStatusMapper.POD_SCHEDULED, "True", null, null, c.occurredAt());
        PodStatusMapper.upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "True", null, null, c.occurredAt());
        if (status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()) {
            status.setContainerStatuses(next.getSpec().getContainers().stream()
                    .map(ct -> PodStatusMapper.waiting(ct, "ContainerCreating", null)).toList());
        }
        if (status.getQosClass() == null) {
            status.setQosClass(PodStatusMapper.qosClass(next));
        }
        next.setStatus(status);
        // the same instance confirmed again (a repeated create found it by its tag) is not a new Event
        return outcome.next(next, known ? List.of() : List.of(providerCreated(c)), List.of(), false);
    }

    /** The pod already records this instance's create (its id and the create's request id). */
    private static boolean knownCreate(Pod pod, InstanceCreated c) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        if (a == null || c.instanceId() == null) {
            return false;
        }
        boolean acs = c.computeType() == ComputeType.ACS;
        return c.instanceId().equals(a.get(acs ? Keys.ACS_INSTANCE_ID : Keys.ECI_INSTANCE_ID))
                && a.get(acs ? Keys.ACS_REQUEST_ID : Keys.ECI_REQUEST_ID) != null;
    }

    private static PodEventNote providerCreated(InstanceCreated c) {
        String product = c.computeType() == ComputeType.ACS ? "ACS" : "ECI";
        String msg = "Created " + product + " instance " + c.instanceId()
                + (c.spec() != null ? " with spec " + c.spec().name() : "")
                + (c.zoneId() != null ? " in zone " + c.zoneId() : "");
        return PodEventNote.normal("ProviderCreated", msg, c.occurredAt());
    }

    private static ReconcileOutcome statusChanged(ReconcileOutcome outcome, Pod next, InstanceStatusChanged s) {
        Map<String, String> a = annotations(next);
        a.putAll(AnnotationPlan.forStatus(s));
        BillingMarks before = BillingMarks.from(a);
        BillingMarks after = before.onStatus(s);
        a.putAll(after.toAnnotations());
        List<BillingUsageRecorded> usage = newlyStopped(before, after)
                ? List.of(usage(next, s, after, s.spec(), s.instanceId(), s.computeType())) : List.of();
        if (terminal(next)) {
            return outcome.next(next, List.of(), usage, false);
        }
        PodStatus status = PodStatusMapper.map(s, next);
        next.setStatus(status);
        List<PodEventNote> notes = new ArrayList<>();
        if (s.events() != null) {
            for (CloudEvent ce : s.events()) {
                if (CLOUD_SCHEDULED.equals(ce.reason()) && !PodEventNote.WARNING.equals(ce.type())) {
                    continue; // kube-scheduler's Scheduled is on the pod, and ProviderCreated names the instance and zone
                }
                Instant first = ce.firstTimestamp() != null ? ce.firstTimestamp() : s.occurredAt();
                Instant lastTs = ce.lastTimestamp() != null ? ce.lastTimestamp() : first;
                notes.add(new PodEventNote(PodEventNote.Origin.CLOUD,
                        PodEventNote.WARNING.equals(ce.type()) ? PodEventNote.WARNING : PodEventNote.NORMAL,
                        ce.reason() != null ? ce.reason() : "CloudEvent", ce.message(), Math.max(1, ce.count()), first, lastTs));
            }
        }
        if (status.getReason() != null) {
            notes.add(PodEventNote.warning(status.getReason(), status.getMessage(),
                    s.statusChangedAt() != null ? s.statusChangedAt() : s.occurredAt()));
        }
        return outcome.next(next, notes, usage, false);
    }

    private static ReconcileOutcome createFailed(ReconcileOutcome outcome, Pod next, InstanceCreateFailed f) {
        if (terminal(next)) {
            return outcome.drop("pod is " + next.getStatus().getPhase() + "; a terminal pod is never reopened");
        }
        String tried = f.attemptedSpecs() == null || f.attemptedSpecs().isEmpty() ? "" : "; specs tried: " + String.join(", ", f.attemptedSpecs());
        String cloudMessage = f.message() == null || f.message().isBlank() ? "" : ": " + f.message();
        if (f.retryable() && InstanceCreateFailed.isReferenceWait(f.code())) {
            return waitingForReferences(outcome, next, f);
        }
        if (f.retryable()) {
            String msg = "Waiting for the cloud (" + f.code() + cloudMessage + tried
                    + "). The create is retried automatically; the pod stays Pending.";
            PodStatus status = PodStatusMapper.copy(next);
            if (status.getPhase() == null) {
                status.setPhase(PodPhase.PENDING);
            }
            PodStatusMapper.upsert(status, PodStatusMapper.POD_SCHEDULED, "True", null, null, f.occurredAt());
            PodStatusMapper.upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "False", f.code(), msg, f.occurredAt());
            next.setStatus(status);
            return outcome.next(next, List.of(PodEventNote.warning(f.code(), msg, f.occurredAt())), List.of(), false);
        }
        String requestId = f.requestId() != null ? "; request id " + f.requestId() : "";
        boolean capacity = InstanceCreateFailed.isCapacityCode(f.code());
        String reason = capacity ? SCHEDULE_FAILED : PROVIDER_FAILED;
        String msg = capacity
                ? "The cloud could not schedule the instance (" + f.code() + cloudMessage + tried + requestId
                        + "). The create is not retried (the pod's fail strategy or its eci-max-pending-minute);"
                        + " its controller, if any, replaces the pod."
                : "The cloud refused to create the instance (" + f.code() + cloudMessage + tried + requestId
                        + "). This will not succeed by retrying: fix the pod and re-create it.";
        fail(next, reason, msg, f.occurredAt(), f.code());
        annotations(next).put(Keys.FAILURE_REASON, f.code());
        return outcome.next(next, List.of(PodEventNote.warning(reason, msg, f.occurredAt())), List.of(), false);
    }

    /**
     * A required ConfigMap/Secret does not exist yet: the pod stays Pending as a kubelet keeps it. Its
     * containers wait with reason CreateContainerConfigError and the message (a missing volume object:
     * ContainerCreating), the Warning Event is the kubelet's ("Failed" with "Error: ...", or
     * FailedMount), and ContainerInstanceCreated=False says the same.
     */
    private static ReconcileOutcome waitingForReferences(ReconcileOutcome outcome, Pod next, InstanceCreateFailed f) {
        boolean mount = InstanceCreateFailed.CODE_FAILED_MOUNT.equals(f.code());
        PodStatus status = PodStatusMapper.copy(next);
        if (status.getPhase() == null) {
            status.setPhase(PodPhase.PENDING);
        }
        PodStatusMapper.upsert(status, PodStatusMapper.POD_SCHEDULED, "True", null, null, f.occurredAt());
        PodStatusMapper.upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "False", f.code(),
                f.message() + ". The pod starts when it is created.", f.occurredAt());
        List<ContainerStatus> waiting = new ArrayList<>();
        for (Container c : next.getSpec().getContainers()) {
            waiting.add(mount ? PodStatusMapper.waiting(c, "ContainerCreating", null)
                    : PodStatusMapper.waiting(c, InstanceCreateFailed.CODE_CONFIG_ERROR, f.message()));
        }
        status.setContainerStatuses(waiting);
        next.setStatus(status);
        PodEventNote note = mount ? PodEventNote.warning(InstanceCreateFailed.CODE_FAILED_MOUNT, f.message(), f.occurredAt())
                : PodEventNote.warning("Failed", "Error: " + f.message(), f.occurredAt());
        return outcome.next(next, List.of(note), List.of(), false);
    }

    private static ReconcileOutcome deleted(ReconcileOutcome outcome, Pod next, InstanceDeleted d) {
        Map<String, String> a = annotations(next);
        BillingMarks before = BillingMarks.from(a);
        BillingMarks after = before.onDeleted(d);
        a.putAll(after.toAnnotations());
        List<BillingUsageRecorded> usage = newlyStopped(before, after)
                ? List.of(usage(next, d, after, AnnotationPlan.billedSpec(a),
                        d.instanceId() != null ? d.instanceId() : AnnotationPlan.instanceId(a), AnnotationPlan.computeType(a)))
                : List.of();
        if (next.getMetadata().getDeletionTimestamp() != null) {
            return outcome.next(next, List.of(), usage, true);
        }
        if (terminal(next)) {
            return outcome.next(next, List.of(), usage, false);
        }
        String reason = InstanceDeleted.REASON_VANISHED.equals(d.reason()) ? INSTANCE_VANISHED : "InstanceDeleted";
        String msg = "The instance " + (d.instanceId() != null ? d.instanceId() + " " : "")
                + (InstanceDeleted.REASON_VANISHED.equals(d.reason())
                    ? "disappeared at the cloud without a delete request"
                    : "was deleted at the cloud (" + d.reason() + ")")
                + "; the pod cannot run any more. Its controller, if any, replaces it.";
        Instant at = d.deletedAt() != null ? d.deletedAt() : d.occurredAt();
        fail(next, reason, msg, at, null);
        annotations(next).put(Keys.FAILURE_REASON, reason);
        return outcome.next(next, List.of(PodEventNote.warning(reason, msg, at)), usage, false);
    }

    /**
     * Fails the pod: phase Failed with reason and message, Ready/ContainersReady False. Containers
     * that never ran wait with {@code containerReason}; without one (the instance is gone) every
     * container is terminated with exit code 137, as virtual-kubelet does for a vanished pod.
     */
    static void fail(Pod pod, String reason, String message, Instant at, String containerReason) {
        PodStatus status = PodStatusMapper.copy(pod);
        status.setPhase(PodPhase.FAILED);
        status.setReason(reason);
        status.setMessage(message);
        PodStatusMapper.upsert(status, PodStatusMapper.POD_SCHEDULED, "True", null, null, at);
        if (containerReason != null) {
            PodStatusMapper.upsert(status, ReconcilerKeys.CONTAINER_INSTANCE_CREATED, "False", containerReason, message, at);
        }
        PodStatusMapper.upsert(status, PodStatusMapper.CONTAINERS_READY, "False", "PodFailed", null, at);
        PodStatusMapper.upsert(status, PodStatusMapper.READY, "False", "PodFailed", null, at);
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus current = status.getContainerStatuses() == null ? null : status.getContainerStatuses().stream()
                    .filter(s -> c.getName().equals(s.getName())).findFirst().orElse(null);
            if (containerReason != null) {
                out.add(PodStatusMapper.waiting(c, containerReason, null));
            } else if (current != null && current.getState() != null && current.getState().getTerminated() != null) {
                out.add(current);
            } else {
                ContainerStatusBuilder b = current != null ? new ContainerStatusBuilder(current)
                        : new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("").withRestartCount(0);
                out.add(b.withReady(false).withStarted(false).withState(new ContainerStateBuilder().withNewTerminated()
                        .withExitCode(137).withReason(reason).withMessage(message)
                        .withFinishedAt(Rfc3339.format(at)).endTerminated().build()).build());
            }
        }
        status.setContainerStatuses(out);
        if (status.getQosClass() == null) {
            status.setQosClass(PodStatusMapper.qosClass(pod));
        }
        pod.setStatus(status);
    }

    private static BillingUsageRecorded usage(Pod pod, InstanceEvent e, BillingMarks marks, InstanceSpec spec,
                                              String instanceId, ComputeType type) {
        InstanceSpec s = spec != null ? spec : AnnotationPlan.billedSpec(annotations(pod));
        if (s == null) {
            s = new InstanceSpec("unknown", null, null, null, null);
        }
        BillingUsage u = BillingUsage.of(s, marks.start(), marks.stop());
        String id = UUID.nameUUIDFromBytes((e.pod().uid() + "/billing/" + marks.start()).getBytes(StandardCharsets.UTF_8)).toString();
        return new BillingUsageRecorded(id, e.pod(), e.virtualNode(), marks.stop(), e.sequence(), e.traceparent(),
                instanceId != null ? instanceId : "unknown", type != null ? type : ComputeType.ECI, s,
                marks.start(), marks.stop(), u.vcpuSeconds(), u.gibSeconds(), u.gpuSeconds());
    }

    private static boolean newlyStopped(BillingMarks before, BillingMarks after) {
        return !before.stopped() && after.stopped();
    }

    private static String identity(Pod pod, VnodeEvent e) {
        if (pod == null) {
            return "pod " + e.pod() + " not found";
        }
        String uid = pod.getMetadata().getUid();
        if (uid != null && !uid.equals(e.pod().uid())) {
            return "event for uid " + e.pod().uid() + " but the pod is " + uid + " (re-created)";
        }
        return null;
    }

    public static boolean terminal(Pod pod) {
        return pod.getStatus() != null && PodPhase.isTerminal(pod.getStatus().getPhase());
    }

    static long sequence(Pod pod, String key) {
        String v = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(key);
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** A copy of the pod whose annotations and status can be changed. */
    public static Pod copy(Pod pod) {
        Pod p = new PodBuilder(pod).build();
        Map<String, String> a = pod.getMetadata().getAnnotations();
        p.getMetadata().setAnnotations(a == null ? new LinkedHashMap<>() : new LinkedHashMap<>(a));
        p.setStatus(PodStatusMapper.copy(pod));
        return p;
    }

    private static Map<String, String> annotations(Pod pod) {
        if (pod.getMetadata().getAnnotations() == null) {
            pod.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return pod.getMetadata().getAnnotations();
    }

    private static String typeName(InstanceEvent e) {
        return e.getClass().getSimpleName();
    }
}
