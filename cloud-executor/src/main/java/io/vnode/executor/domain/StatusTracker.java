package io.vnode.executor.domain;

import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.ContainerStatus;
import io.vnode.contracts.instance.InstanceStatusChanged;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers the last observed state of each instance and turns a new observation into an
 * {@link InstanceStatusChanged} only when something a pod shows changed: status, IPs, container
 * and init-container states, or the cloud's events. Thread-safe (synchronized).
 */
public final class StatusTracker {

    private record Fingerprint(String status, String ip, String ipv6, List<ContainerStatus> containers,
                               List<ContainerStatus> initContainers, List<?> events) {
    }

    /** What was seen of an instance, when it was fetched, and its pod. */
    private record Seen(Fingerprint fingerprint, long fetchTicket, String podUid) {
    }

    private long tickets;

    private final Map<String, Seen> byInstance = new HashMap<>();
    /** Instance -> the ticket at which it was forgotten: a snapshot fetched before that is not recorded. */
    private final Map<String, Long> forgottenAt = new HashMap<>();
    private final Map<String, String> instanceByPod = new HashMap<>();
    private final Sequencer sequencer;

    public StatusTracker(Sequencer sequencer) {
        this.sequencer = sequencer;
    }

    /**
     * A ticket to take just before fetching from the cloud: tickets grow (not the wall clock, which
     * may step back), so they order fetches.
     */
    public synchronized long ticket() {
        return ++tickets;
    }

    /**
     * The change event, or empty when the instance looks as last observed (or is not a pod's), or when
     * this snapshot was fetched before the one already seen: the full listing and the incremental poll
     * run side by side, and a listing page fetched earlier must not set a Running pod back to Pending.
     * A change is not recorded here: it is recorded by {@link #published} once its event is published,
     * so a change whose event could not be published is a change again at the next observation.
     *
     * @param fetchTicket {@link #ticket()} taken before the snapshot was fetched
     */
    public synchronized Optional<InstanceStatusChanged> observe(CloudInstance instance, Instant now, long fetchTicket) {
        Optional<PodRef> pod = instance.pod();
        if (pod.isEmpty() || instance.status() == null) {
            return Optional.empty();
        }
        Fingerprint fp = fingerprint(instance);
        Seen seen = byInstance.get(instance.id());
        if (seen != null && fetchTicket < seen.fetchTicket()) {
            return Optional.empty();
        }
        if (seen != null && Objects.equals(seen.fingerprint(), fp)) {
            record(instance.id(), new Seen(fp, fetchTicket, pod.get().uid()));
            return Optional.empty();
        }
        long sequence = sequencer.next(pod.get().uid(), micros(now));
        return Optional.of(new InstanceStatusChanged(UUID.randomUUID().toString(), pod.get(), instance.virtualNode(),
                now, sequence, null, instance.id(), instance.computeType(), instance.status(), instance.spec(),
                instance.regionId(), instance.zoneId(), instance.intranetIp(), instance.ipv6Address(),
                instance.containers(), instance.initContainers(), instance.events(), instance.creationTime(),
                startTime(instance), instance.succeededTime(), instance.failedTime(), instance.expiredTime(),
                statusChangedAt(instance, now)));
    }

    /**
     * The event of this observation (see {@link #observe}) was published: it is what the pod shows
     * now, unless a snapshot fetched later was recorded meanwhile.
     */
    public synchronized void published(CloudInstance instance, long fetchTicket) {
        Optional<PodRef> pod = instance.pod();
        Seen seen = byInstance.get(instance.id());
        if (pod.isEmpty() || (seen != null && fetchTicket < seen.fetchTicket())) {
            return;
        }
        Long forgotten = forgottenAt.get(instance.id());
        if (forgotten != null && fetchTicket < forgotten) {
            // fetched before it was forgotten (a create's InstanceCreated came in between with a higher sequence,
            // so the reconciler may drop this event as stale): not recorded, the next observation publishes again
            return;
        }
        forgottenAt.remove(instance.id());
        record(instance.id(), new Seen(fingerprint(instance), fetchTicket, pod.get().uid()));
    }

    private void record(String instanceId, Seen seen) {
        byInstance.put(instanceId, seen);
        instanceByPod.put(seen.podUid(), instanceId);
    }

    private static Fingerprint fingerprint(CloudInstance instance) {
        return new Fingerprint(instance.status(), instance.intranetIp(), instance.ipv6Address(),
                instance.containers(), instance.initContainers(), instance.events());
    }

    /**
     * Stops tracking an instance (deleted on request, or just reported created: its status is then published
     * again above the create's sequence); returns whether it was tracked. A snapshot fetched before this call
     * and published after it is not recorded ({@link #published}).
     */
    public synchronized boolean forget(String instanceId) {
        if (forgottenAt.size() >= 100_000) {
            forgottenAt.clear();
        }
        forgottenAt.put(instanceId, ++tickets);
        Seen seen = byInstance.remove(instanceId);
        if (seen != null) {
            instanceByPod.remove(seen.podUid(), instanceId);
        }
        return seen != null;
    }

    /** Keeps only the given instances (after a full listing); returns the ids dropped. */
    public synchronized Set<String> retainOnly(Set<String> instanceIds) {
        return retainOnly(instanceIds, Long.MAX_VALUE);
    }

    /**
     * Keeps the instances of a full listing that began with ticket {@code listedFrom}, and those seen
     * since it began (by the poll, while the listing was paging); returns the ids dropped.
     */
    public synchronized Set<String> retainOnly(Set<String> instanceIds, long listedFrom) {
        Set<String> dropped = new java.util.HashSet<>();
        byInstance.forEach((id, seen) -> {
            if (!instanceIds.contains(id) && seen.fetchTicket() < listedFrom) {
                dropped.add(id);
            }
        });
        dropped.forEach(this::forget);
        return dropped;
    }

    /** Pod uid -> the instance last observed for it. */
    public synchronized Map<String, String> instanceByPod() {
        return Map.copyOf(instanceByPod);
    }

    public synchronized int size() {
        return byInstance.size();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static Instant startTime(CloudInstance instance) {
        return instance.containers().stream()
                .map(c -> c.current() == null ? null : c.current().startedAt())
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }

    private static Instant statusChangedAt(CloudInstance i, Instant now) {
        Instant cloud = switch (i.status()) {
            case "Succeeded" -> i.succeededTime();
            case "Failed" -> i.failedTime();
            case "Expired" -> i.expiredTime();
            case "Scheduling" -> i.creationTime();
            default -> null;
        };
        return cloud != null ? cloud : now;
    }
}
