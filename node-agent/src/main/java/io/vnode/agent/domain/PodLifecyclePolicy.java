package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the agent publishes for a pod it sees on its node. Level-triggered: the same pod state always
 * yields the same event (type, uid, sequence), so a resync or a restart republishes only what consumers
 * already drop by (uid, sequence), and a pod that already has an instance yields nothing.
 */
public final class PodLifecyclePolicy {

    /** What the pod needs from the rest of the system. */
    public enum PodNeed {
        /** Bound, no instance recorded yet, not terminal, not deleting: publish PodBound. */
        INSTANCE,
        /** deletionTimestamp set: publish PodDeleting. */
        DELETION,
        /** Has an instance (or is terminal): the status reconciler owns it; publish nothing. */
        NOTHING
    }

    private PodLifecyclePolicy() {
    }

    public static PodNeed needOf(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return PodNeed.DELETION;
        }
        if (instanceId(pod) != null) {
            return PodNeed.NOTHING;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return PodNeed.NOTHING;
        }
        return PodNeed.INSTANCE;
    }

    /**
     * The event for an observed pod, if it needs one.
     *
     * @param manifest the pod without status, as a JSON-like map (the adapter converts it)
     */
    public static Optional<PodEvent> onObserved(Pod pod, Map<String, Object> manifest, Map<String, String> namespaceLabels,
                                                String virtualNode, Instant now) {
        PodRef ref = ref(pod);
        return switch (needOf(pod)) {
            case INSTANCE -> Optional.of(new PodBound(newEventId(), ref, virtualNode, now, sequence(pod),
                    traceparent(ref.uid()), manifest, namespaceLabels));
            case DELETION -> Optional.of(new PodDeleting(newEventId(), ref, virtualNode, now, sequence(pod),
                    traceparent(ref.uid()), deletionTimestamp(pod, now), gracePeriodSeconds(pod), instanceId(pod)));
            case NOTHING -> Optional.empty();
        };
    }

    /**
     * What the agent keeps of a pod between its events (the informer's cache, one entry per pod on the
     * node). A pod that still needs its instance is kept whole but for managedFields: a resync republishes
     * its manifest. Any other pod is kept as the few fields its later events read (identity,
     * resourceVersion, deletion marks, grace period, instance id, node, phase), so {@link #needOf},
     * {@link #onObserved} and {@link #onGone} answer for the kept copy what they answer for the pod, and
     * 50,000 running pods cost a few hundred bytes each instead of their whole status and spec.
     */
    public static Pod retained(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        if (m == null) {
            return pod;
        }
        if (needOf(pod) == PodNeed.INSTANCE) {
            if (m.getManagedFields() == null || m.getManagedFields().isEmpty()) {
                return pod;
            }
            return new PodBuilder(pod).editMetadata().withManagedFields((List<ManagedFieldsEntry>) null).endMetadata().build();
        }
        String instance = instanceId(pod);
        // instanceId reads the ECI key first: keep the instance under the key it was read from
        Map<String, String> annotations = instance == null ? null
                : Map.of(instance.equals(m.getAnnotations().get(Keys.ECI_INSTANCE_ID)) ? Keys.ECI_INSTANCE_ID : Keys.ACS_INSTANCE_ID, instance);
        ObjectMeta meta = new ObjectMetaBuilder().withNamespace(m.getNamespace()).withName(m.getName()).withUid(m.getUid())
                .withResourceVersion(m.getResourceVersion()).withDeletionTimestamp(m.getDeletionTimestamp())
                .withDeletionGracePeriodSeconds(m.getDeletionGracePeriodSeconds())
                .withAnnotations(annotations).build();
        PodBuilder slim = new PodBuilder().withApiVersion(pod.getApiVersion()).withKind(pod.getKind()).withMetadata(meta);
        if (pod.getSpec() != null) {
            slim.withNewSpec().withNodeName(pod.getSpec().getNodeName())
                    .withTerminationGracePeriodSeconds(pod.getSpec().getTerminationGracePeriodSeconds()).endSpec();
        }
        if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
            slim.withNewStatus().withPhase(pod.getStatus().getPhase()).endStatus();
        }
        return slim.build();
    }

    /** The pod left the API server (informer delete). */
    public static PodGone onGone(Pod pod, String virtualNode, Instant now) {
        PodRef ref = ref(pod);
        return new PodGone(newEventId(), ref, virtualNode, now, sequence(pod) + 1, traceparent(ref.uid()), instanceId(pod));
    }

    public static PodRef ref(Pod pod) {
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    /** The instance id the reconciler recorded on the pod, or null. */
    public static String instanceId(Pod pod) {
        return Keys.instanceIdOf(pod.getMetadata().getAnnotations());
    }

    /** The pod's resourceVersion as a number (Kubernetes serves decimal etcd revisions); 0 when opaque. */
    public static long sequence(Pod pod) {
        String rv = pod.getMetadata().getResourceVersion();
        if (rv == null) {
            return 0;
        }
        try {
            return Long.parseLong(rv.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** metadata.deletionGracePeriodSeconds; else spec.terminationGracePeriodSeconds; else Kubernetes' 30. */
    public static long gracePeriodSeconds(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) {
            return Math.max(0, deletion);
        }
        Long termination = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return termination == null ? 30 : Math.max(0, termination);
    }

    static Instant deletionTimestamp(Pod pod, Instant fallback) {
        try {
            return OffsetDateTime.parse(pod.getMetadata().getDeletionTimestamp()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            return fallback;
        }
    }

    /**
     * W3C traceparent whose trace id is the pod uid (a UUID is 32 hex digits), so every event of one pod,
     * through every service, is one trace. Other uids are hashed to 32 hex digits.
     */
    public static String traceparent(String uid) {
        String hex = uid.replace("-", "").toLowerCase();
        if (!hex.matches("[0-9a-f]{32}") || hex.matches("0{32}")) {
            hex = sha256Hex(uid).substring(0, 32);
        }
        long span = ThreadLocalRandom.current().nextLong();
        if (span == 0) {
            span = 1;
        }
        return "00-" + hex + "-" + String.format("%016x", span) + "-01";
    }

    private static String newEventId() {
        return UUID.randomUUID().toString();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
