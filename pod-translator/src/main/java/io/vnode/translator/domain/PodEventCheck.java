package io.vnode.translator.domain;

import io.vnode.contracts.PodRef;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodEvent;
import java.util.Map;
import java.util.Optional;

/**
 * What makes a lifecycle event that decoded unusable: the fields the translator copies into its
 * output or translates from must be there (a record such as {@code "pod": null} decodes, since the
 * codec checks that a required field is present, not that it has a value). Pure and thread-safe.
 */
public final class PodEventCheck {

    private PodEventCheck() {
    }

    /** The first problem of the event, or empty when it can be translated. */
    public static Optional<String> problem(PodEvent event) {
        if (event.pod() == null) {
            return Optional.of("the event has no pod reference (pod is null)");
        }
        if (Strings.isBlank(event.virtualNode())) {
            return Optional.of("the event names no virtualNode");
        }
        if (event instanceof PodBound b) {
            return manifestProblem(b);
        }
        return Optional.empty();
    }

    /**
     * The pod an event is about, when it can be told: the event's pod reference, else the
     * namespace, name and uid of a pod-bound event's manifest.
     */
    public static Optional<PodRef> podOf(PodEvent event) {
        if (event.pod() != null) {
            return Optional.of(event.pod());
        }
        return event instanceof PodBound b ? podOfManifest(b.manifest()) : Optional.empty();
    }

    /** The namespace, name and uid of a manifest's metadata, when all three are text. */
    public static Optional<PodRef> podOfManifest(Map<?, ?> manifest) {
        Map<?, ?> meta = manifest == null ? null : map(manifest.get("metadata"));
        if (meta == null) {
            return Optional.empty();
        }
        String namespace = text(meta.get("namespace"));
        String name = text(meta.get("name"));
        String uid = text(meta.get("uid"));
        if (namespace == null || name == null || uid == null) {
            return Optional.empty();
        }
        return Optional.of(new PodRef(namespace, name, uid));
    }

    private static Optional<String> manifestProblem(PodBound b) {
        Map<?, ?> meta = map(b.manifest().get("metadata"));
        if (b.manifest().isEmpty()) {
            return Optional.of("the pod-bound event carries no manifest");
        }
        if (meta == null) {
            return Optional.of("the manifest has no metadata object");
        }
        String uid = text(meta.get("uid"));
        if (uid == null) {
            return Optional.of("the manifest has no metadata.uid");
        }
        if (!uid.equals(b.pod().uid())) {
            return Optional.of("the manifest is of pod uid " + uid + ", the event of " + b.pod().uid());
        }
        if (text(meta.get("name")) == null) {
            return Optional.of("the manifest has no metadata.name");
        }
        if (map(b.manifest().get("spec")) == null) {
            return Optional.of("the manifest has no spec object");
        }
        return Optional.empty();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : null;
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }
}
