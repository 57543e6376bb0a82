package io.vnode.executor.domain;

import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.EnvFromSource;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.TokenFile;
import io.vnode.contracts.instance.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which ConfigMaps and Secrets a request points at, and which required ones are missing once read.
 * A pod whose required reference does not exist yet waits for it, as a kubelet keeps such a pod
 * waiting: {@link InstanceCreateFailed#CODE_FAILED_MOUNT} when a volume's object is missing (the
 * kubelet mounts first), else {@link InstanceCreateFailed#CODE_CONFIG_ERROR}; the messages are the
 * kubelet's, with where the reference is written. Optional references never wait. A PersistentVolumeClaim
 * that does not exist or is not bound yet is waited for the same way ({@link ClaimVolumes}).
 */
public final class ReferenceCheck {

    /** Code of the create failure when a reference may not be read for the pod, or cannot be used. */
    public static final String CODE_NOT_USABLE = "ReferenceNotUsable";

    /** What the pod waits for: the reason, and every missing reference. */
    public record Wait(String code, String message) {
    }

    private record Problem(boolean mount, String text) {
    }

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

    /** Every projected service-account token of the request's volumes (deduplicated). */
    public static Set<TokenFile> tokenFiles(InstanceRequest request) {
        Set<TokenFile> tokens = new LinkedHashSet<>();
        for (VolumeSpec v : nullSafe(request.volumes())) {
            if (v.configFile() != null) {
                tokens.addAll(nullSafe(v.configFile().tokens()));
            }
        }
        return tokens;
    }

    /** The wait for the required references that are missing; empty when every one resolved. */
    public static Optional<Wait> waitFor(InstanceRequest request, ResolvedReferences refs) {
        List<Problem> problems = problems(request, refs);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        boolean mount = problems.stream().anyMatch(Problem::mount);
        return Optional.of(new Wait(mount ? InstanceCreateFailed.CODE_FAILED_MOUNT : InstanceCreateFailed.CODE_CONFIG_ERROR,
                String.join("; ", problems.stream().map(Problem::text).toList())));
    }

    private static List<Problem> problems(InstanceRequest request, ResolvedReferences refs) {
        List<Problem> problems = new ArrayList<>();
        ClaimVolumes.waits(request, refs.claims()).forEach(w -> problems.add(new Problem(true, w)));
        for (VolumeSpec v : nullSafe(request.volumes())) {
            if (v.configFile() == null) {
                continue;
            }
            for (ObjectProjection p : nullSafe(v.configFile().objects())) {
                if (p.source().optional()) {
                    continue;
                }
                String failed = "MountVolume.SetUp failed for volume \"" + v.name() + "\" : ";
                Map<String, byte[]> data = refs.object(p.source()).orElse(null);
                if (data == null) {
                    problems.add(new Problem(true, failed + notFound(p.source().kind(), p.source().name())));
                    continue;
                }
                for (KeyToPath item : nullSafe(p.items())) {
                    if (!data.containsKey(item.key())) {
                        problems.add(new Problem(true, failed + (p.source().kind() == RefKind.SECRET
                                ? "secret references non-existent secret key: " : "configmap references non-existent config key: ")
                                + item.key()));
                    }
                }
            }
        }
        for (ContainerSpec c : allContainers(request)) {
            for (EnvVar e : nullSafe(c.env())) {
                if (e.valueFrom() == null || e.valueFrom().optional() || refs.value(e.valueFrom()).isPresent()) {
                    continue;
                }
                ObjectRef object = new ObjectRef(e.valueFrom().kind(), e.valueFrom().namespace(), e.valueFrom().name(), false);
                String what = refs.object(object).isEmpty() ? notFound(object.kind(), object.name())
                        : "couldn't find key " + e.valueFrom().key() + " in " + describe(object);
                problems.add(new Problem(false, what + " (container " + c.name() + ", env " + e.name() + ")"));
            }
            for (EnvFromSource ef : nullSafe(c.envFrom())) {
                if (!ef.source().optional() && refs.object(ef.source()).isEmpty()) {
                    problems.add(new Problem(false, notFound(ef.source().kind(), ef.source().name())
                            + " (container " + c.name() + ", envFrom)"));
                }
            }
        }
        for (ObjectRef pull : nullSafe(request.imagePullSecrets())) {
            if (!pull.optional() && refs.object(pull).isEmpty()) {
                problems.add(new Problem(false, notFound(pull.kind(), pull.name()) + " (imagePullSecrets)"));
            }
        }
        return problems;
    }

    private static String notFound(RefKind kind, String name) {
        return (kind == RefKind.SECRET ? "secret" : "configmap") + " \"" + name + "\" not found";
    }

    static List<ContainerSpec> allContainers(InstanceRequest request) {
        return Stream.concat(nullSafe(request.initContainers()).stream(), nullSafe(request.containers()).stream()).toList();
    }

    private static ObjectRef normal(ObjectRef ref) {
        return new ObjectRef(ref.kind(), ref.namespace(), ref.name(), false);
    }

    private static String describe(ObjectRef ref) {
        return (ref.kind() == RefKind.SECRET ? "Secret " : "ConfigMap ") + ref.namespace() + "/" + ref.name();
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
