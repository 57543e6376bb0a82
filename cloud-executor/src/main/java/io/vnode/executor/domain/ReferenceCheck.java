package io.vnode.executor.domain;

import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.EnvFromSource;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which ConfigMaps and Secrets a request points at, and which required ones are missing once read.
 * A missing required reference fails the pod with a clear message (as kubelet reports
 * CreateContainerConfigError), never a silent Pending.
 */
public final class ReferenceCheck {

    /** Code of the create failure when a required ConfigMap/Secret (or one of its keys) is missing. */
    public static final String CODE = "ReferenceNotFound";
    /** Code of the create failure when a reference may not be read for the pod, or cannot be used. */
    public static final String CODE_NOT_USABLE = "ReferenceNotUsable";

    private ReferenceCheck() {
    }

    /** Every object the request reads (deduplicated), as {@link ObjectRef}s. */
    public static Set<ObjectRef> referencedObjects(InstanceRequest request) {
        Set<ObjectRef> refs = new LinkedHashSet<>();
        for (ContainerSpec c : allContainers(request)) {
            for (EnvVar e : nullSafe(c.env())) {
                if (e.valueFrom() != null) {
                    refs.add(new ObjectRef(e.valueFrom().kind(), e.valueFrom().namespace(), e.valueFrom().name(), false));
                }
            }
            for (EnvFromSource ef : nullSafe(c.envFrom())) {
                refs.add(normal(ef.source()));
            }
        }
        for (VolumeSpec v : nullSafe(request.volumes())) {
            if (v.configFile() != null) {
                for (ObjectProjection p : nullSafe(v.configFile().objects())) {
                    refs.add(normal(p.source()));
                }
            }
        }
        for (ObjectRef pull : nullSafe(request.imagePullSecrets())) {
            refs.add(normal(pull));
        }
        return refs;
    }

    /** Human-readable problems (empty: every required reference resolved). */
    public static List<String> missing(InstanceRequest request, ResolvedReferences refs) {
        List<String> problems = new ArrayList<>();
        for (ContainerSpec c : allContainers(request)) {
            for (EnvVar e : nullSafe(c.env())) {
                if (e.valueFrom() != null && !e.valueFrom().optional() && refs.value(e.valueFrom()).isEmpty()) {
                    problems.add("container " + c.name() + " env " + e.name() + ": key " + e.valueFrom().key() + " of "
                            + describe(e.valueFrom().kind(), e.valueFrom().namespace(), e.valueFrom().name()) + " not found");
                }
            }
            for (EnvFromSource ef : nullSafe(c.envFrom())) {
                if (!ef.source().optional() && refs.object(ef.source()).isEmpty()) {
                    problems.add("container " + c.name() + " envFrom: " + describe(ef.source()) + " not found");
                }
            }
        }
        for (VolumeSpec v : nullSafe(request.volumes())) {
            if (v.configFile() == null) {
                continue;
            }
            for (ObjectProjection p : nullSafe(v.configFile().objects())) {
                if (p.source().optional()) {
                    continue;
                }
                Map<String, byte[]> data = refs.object(p.source()).orElse(null);
                if (data == null) {
                    problems.add("volume " + v.name() + ": " + describe(p.source()) + " not found");
                    continue;
                }
                for (KeyToPath item : nullSafe(p.items())) {
                    if (!data.containsKey(item.key())) {
                        problems.add("volume " + v.name() + ": key " + item.key() + " of " + describe(p.source()) + " not found");
                    }
                }
            }
        }
        for (ObjectRef pull : nullSafe(request.imagePullSecrets())) {
            if (!pull.optional() && refs.object(pull).isEmpty()) {
                problems.add("imagePullSecret " + describe(pull) + " not found");
            }
        }
        return problems;
    }

    static List<ContainerSpec> allContainers(InstanceRequest request) {
        return Stream.concat(nullSafe(request.initContainers()).stream(), nullSafe(request.containers()).stream()).toList();
    }

    private static ObjectRef normal(ObjectRef ref) {
        return new ObjectRef(ref.kind(), ref.namespace(), ref.name(), false);
    }

    private static String describe(ObjectRef ref) {
        return describe(ref.kind(), ref.namespace(), ref.name());
    }

    private static String describe(RefKind kind, String namespace, String name) {
        return (kind == RefKind.SECRET ? "Secret " : "ConfigMap ") + namespace + "/" + name;
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
