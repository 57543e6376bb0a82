package io.vnode.executor.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.TokenFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Secrets the executor may read for a pod, as the API server's node authorizer allows a
 * kubelet: only Secrets of the pod's own namespace that the pod references (imagePullSecrets,
 * env {@code secretKeyRef}, envFrom {@code secretRef}, {@code secret} and projected volumes), and
 * only for a pod bound to a virtual node. A command naming any other Secret gets it refused. The same
 * holds for the service-account tokens it mints: only the pod's own ServiceAccount, for a pod that mounts one.
 */
public final class SecretAccess {

    private SecretAccess() {
    }

    /**
     * A problem per Secret of {@code wanted} the pod does not allow (empty: read them all).
     *
     * @param pod the pod as the API server has it now, or null when it no longer exists
     * @param onVirtualNode whether the pod is bound to a node of type virtual-kubelet
     */
    public static List<String> refused(String podName, Pod pod, boolean onVirtualNode, Collection<ObjectRef> wanted) {
        List<String> problems = new ArrayList<>();
        Set<String> referenced = pod == null ? Set.of() : referencedSecrets(pod);
        String namespace = pod == null ? null : pod.getMetadata().getNamespace();
        for (ObjectRef ref : wanted) {
            if (ref.kind() != RefKind.SECRET) {
                continue;
            }
            String secret = "Secret " + ref.namespace() + "/" + ref.name();
            if (pod == null) {
                problems.add(secret + " not read: pod " + podName + " no longer exists");
            } else if (!onVirtualNode) {
                problems.add(secret + " not read: pod " + podName + " is not bound to a virtual node");
            } else if (!ref.namespace().equals(namespace)) {
                problems.add(secret + " not read: it is not in the namespace of pod " + podName);
            } else if (!referenced.contains(ref.name())) {
                problems.add(secret + " not read: pod " + podName
                        + " does not reference it (imagePullSecrets, env, envFrom or volumes)");
            }
        }
        return problems;
    }

    /**
     * A problem per token of {@code wanted} the pod does not allow (empty: mint them all): as for Secrets, the
     * pod must still exist, be bound to a virtual node and use that ServiceAccount with its token mounted, so a
     * command cannot have a token minted for another pod's ServiceAccount.
     */
    public static List<String> tokensRefused(String podName, Pod pod, boolean onVirtualNode, Collection<TokenFile> wanted) {
        List<String> problems = new ArrayList<>();
        for (TokenFile t : wanted) {
            String token = "token of ServiceAccount " + t.serviceAccount();
            if (pod == null) {
                problems.add(token + " not minted: pod " + podName + " no longer exists");
            } else if (!onVirtualNode) {
                problems.add(token + " not minted: pod " + podName + " is not bound to a virtual node");
            } else if (!t.serviceAccount().equals(serviceAccountOf(pod))) {
                problems.add(token + " not minted: pod " + podName + " runs as ServiceAccount " + serviceAccountOf(pod));
            } else if (!projectsToken(pod)) {
                problems.add(token + " not minted: pod " + podName + " mounts no service-account token");
            }
        }
        return problems;
    }

    private static String serviceAccountOf(Pod pod) {
        String sa = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
        return sa == null || sa.isBlank() ? "default" : sa;
    }

    private static boolean projectsToken(Pod pod) {
        return pod.getSpec() != null && nullSafe(pod.getSpec().getVolumes()).stream()
                .filter(v -> v.getProjected() != null)
                .flatMap(v -> nullSafe(v.getProjected().getSources()).stream())
                .anyMatch(p -> p.getServiceAccountToken() != null);
    }

    /** The names of the Secrets the pod's spec references. */
    public static Set<String> referencedSecrets(Pod pod) {
        Set<String> names = new LinkedHashSet<>();
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return names;
        }
        nullSafe(spec.getImagePullSecrets()).stream().map(LocalObjectReference::getName).forEach(names::add);
        Stream.of(spec.getContainers(), spec.getInitContainers()).flatMap(l -> nullSafe(l).stream())
                .forEach(c -> containerSecrets(c, names));
        nullSafe(spec.getEphemeralContainers()).forEach(c -> {
            nullSafe(c.getEnv()).forEach(e -> envSecret(e, names));
            nullSafe(c.getEnvFrom()).forEach(e -> envFromSecret(e, names));
        });
        for (Volume v : nullSafe(spec.getVolumes())) {
            if (v.getSecret() != null) {
                names.add(v.getSecret().getSecretName());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : nullSafe(v.getProjected().getSources())) {
                    if (p.getSecret() != null) {
                        names.add(p.getSecret().getName());
                    }
                }
            }
        }
        names.remove(null);
        return names;
    }

    private static void containerSecrets(Container c, Set<String> names) {
        nullSafe(c.getEnv()).forEach(e -> envSecret(e, names));
        nullSafe(c.getEnvFrom()).forEach(e -> envFromSecret(e, names));
    }

    private static void envSecret(EnvVar e, Set<String> names) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            names.add(e.getValueFrom().getSecretKeyRef().getName());
        }
    }

    private static void envFromSecret(EnvFromSource e, Set<String> names) {
        if (e.getSecretRef() != null) {
            names.add(e.getSecretRef().getName());
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
