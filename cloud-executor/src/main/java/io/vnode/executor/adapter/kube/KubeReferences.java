package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.TokenFile;
import io.vnode.executor.app.ReferenceResolver;
import io.vnode.executor.app.TokenIssuer;
import io.vnode.executor.domain.ClaimVolumes;
import io.vnode.executor.domain.ReferenceCheck;
import io.vnode.executor.domain.RegistryCredential;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads the ConfigMaps, Secrets and PersistentVolumeClaims (with their PersistentVolumes) a request references,
 * just before the create call, into memory
 * ({@link ResolvedReferences}); nothing a pod owns is cached, stored or logged. Two answers that are the same
 * for every pod are kept for {@link #SHARED_TTL}: whether a node is a virtual node, and the cluster's CA bundle
 * ConfigMap {@value #ROOT_CA} of a namespace, which every {@code kube-api-access-*} volume projects (without
 * them each pod cost two more reads). Blocking (fabric8); thread-safe.
 * A missing object is left out (the domain decides whether it was required); an API failure throws
 * {@link ReferenceResolver.Unavailable}. Secrets are read only as the node authorizer lets a kubelet
 * read them ({@link SecretAccess}): the pod is read first, and its node (a virtual node carries the
 * label {@code type=virtual-kubelet}).
 */
public class KubeReferences implements ReferenceResolver, TokenIssuer {

    /** How long a node's kind and a namespace's CA bundle are reused. */
    static final Duration SHARED_TTL = Duration.ofSeconds(30);
    /** The ConfigMap every namespace gets with the cluster's CA bundle (kube-controller-manager publishes it). */
    static final String ROOT_CA = "kube-root-ca.crt";

    private final KubernetesClient kube;
    private final Shared<Boolean> virtualNodes = new Shared<>();
    private final Shared<Optional<Map<String, byte[]>>> rootCas = new Shared<>();

    public KubeReferences(KubernetesClient kube) {
        this.kube = kube;
    }

    /** Answers kept {@link #SHARED_TTL} by key; an answer {@code keep} refuses is read again next time. */
    private static final class Shared<T> {
        private record Kept<T>(T value, long until) {
        }

        private final Map<String, Kept<T>> kept = new ConcurrentHashMap<>();

        T get(String key, Supplier<T> read, Predicate<T> keep) {
            long now = System.nanoTime();
            Kept<T> k = kept.get(key);
            if (k != null && now - k.until() < 0) {
                return k.value();
            }
            T value = read.get();
            if (kept.size() > 10_000) {
                kept.clear();
            }
            if (keep.test(value)) {
                kept.put(key, new Kept<>(value, now + SHARED_TTL.toNanos()));
            } else {
                kept.remove(key);
            }
            return value;
        }
    }

    @Override
    public ResolvedReferences resolve(PodRef pod, InstanceRequest request) {
        try {
            return readAll(pod, request);
        } catch (KubernetesClientException e) {
            throw new Unavailable("HTTP " + e.getCode(), e);
        }
    }

    @Override
    public Map<String, Map<String, byte[]>> renewTokens(PodRef podRef) {
        try {
            Pod pod = kube.pods().inNamespace(podRef.namespace()).withName(podRef.name()).get();
            if (pod == null || !podRef.uid().equals(pod.getMetadata().getUid()) || pod.getSpec() == null
                    || pod.getSpec().getVolumes() == null) {
                return Map.of();
            }
            String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            Map<String, Map<String, TokenFile>> projected = new HashMap<>();
            for (Volume v : pod.getSpec().getVolumes()) {
                for (VolumeProjection p : v.getProjected() == null || v.getProjected().getSources() == null
                        ? List.<VolumeProjection>of() : v.getProjected().getSources()) {
                    ServiceAccountTokenProjection t = p.getServiceAccountToken();
                    if (t != null) {
                        projected.computeIfAbsent(v.getName(), k -> new HashMap<>())
                                .put(t.getPath(), new TokenFile(t.getPath(), account, t.getAudience(), t.getExpirationSeconds(), null));
                    }
                }
            }
            // minted only as for the create: the pod bound to a virtual node and running as that ServiceAccount
            List<String> refused = SecretAccess.tokensRefused(podRef.namespace() + "/" + podRef.name(), pod, onVirtualNode(pod),
                    projected.values().stream().flatMap(m -> m.values().stream()).toList());
            if (!refused.isEmpty()) {
                throw new Unavailable(String.join("; ", refused), null);
            }
            List<String> problems = new ArrayList<>();
            Map<String, Map<String, byte[]>> tokens = new HashMap<>();
            projected.forEach((volume, byPath) -> byPath.forEach((path, file) -> mint(podRef, file, problems)
                    .ifPresent(token -> tokens.computeIfAbsent(volume, k -> new HashMap<>()).put(path, token))));
            if (!problems.isEmpty()) {
                throw new Unavailable(String.join("; ", problems), null);
            }
            return tokens;
        } catch (KubernetesClientException e) {
            throw new Unavailable("HTTP " + e.getCode(), e);
        }
    }

    private ResolvedReferences readAll(PodRef podRef, InstanceRequest request) {
        Set<ObjectRef> wanted = ReferenceCheck.referencedObjects(request);
        Set<TokenFile> tokens = ReferenceCheck.tokenFiles(request);
        List<String> problems = new ArrayList<>(refused(podRef, wanted, tokens));
        Map<String, Map<String, byte[]>> objects = new HashMap<>();
        if (problems.isEmpty()) {
            for (ObjectRef ref : wanted) {
                Map<String, byte[]> data = read(ref);
                if (data != null) {
                    objects.put(ResolvedReferences.key(ref), data);
                }
            }
            for (TokenFile t : tokens) {
                mint(podRef, t, problems).ifPresent(token -> objects.put(ResolvedReferences.tokenKey(t), Map.of("token", token)));
            }
        }
        List<RegistryCredential> registries = new ArrayList<>();
        if (request.imagePullSecrets() != null) {
            for (ObjectRef pull : request.imagePullSecrets()) {
                Map<String, byte[]> data = objects.get(ResolvedReferences.key(pull));
                if (data != null) {
                    DockerConfigs.Parsed parsed = DockerConfigs.parse(pull, data);
                    registries.addAll(parsed.credentials());
                    if (parsed.problem() != null) {
                        problems.add(parsed.problem());
                    }
                }
            }
        }
        return new ResolvedReferences(objects, registries, problems, claims(request));
    }

    /** Each claim the request mounts, and the PersistentVolume it is bound to (as a kubelet reads them to mount). */
    private Map<String, ClaimVolumes.ClaimState> claims(InstanceRequest request) {
        Map<String, ClaimVolumes.ClaimState> claims = new HashMap<>();
        for (ClaimSource c : ClaimVolumes.claims(request)) {
            PersistentVolumeClaim pvc = kube.persistentVolumeClaims().inNamespace(c.namespace()).withName(c.claimName()).get();
            if (pvc == null) {
                claims.put(ClaimVolumes.key(c), ClaimVolumes.ClaimState.MISSING);
                continue;
            }
            String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
            String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            PersistentVolume pv = "Bound".equals(phase) && volumeName != null && !volumeName.isEmpty()
                    ? kube.persistentVolumes().withName(volumeName).get() : null;
            claims.put(ClaimVolumes.key(c), new ClaimVolumes.ClaimState(true, phase, volumeName, pv));
        }
        return claims;
    }

    /** The Secrets and tokens of the request the pod does not allow (none asked: the pod is not read). */
    private List<String> refused(PodRef podRef, Set<ObjectRef> wanted, Set<TokenFile> tokens) {
        if (tokens.isEmpty() && wanted.stream().noneMatch(r -> r.kind() == RefKind.SECRET)) {
            return List.of();
        }
        Pod pod = kube.pods().inNamespace(podRef.namespace()).withName(podRef.name()).get();
        if (pod != null && !podRef.uid().equals(pod.getMetadata().getUid())) {
            pod = null; // another pod of the same name: this one is gone
        }
        boolean onVirtualNode = onVirtualNode(pod);
        String name = podRef.namespace() + "/" + podRef.name();
        List<String> problems = new ArrayList<>(SecretAccess.refused(name, pod, onVirtualNode, wanted));
        problems.addAll(SecretAccess.tokensRefused(name, pod, onVirtualNode, tokens));
        return problems;
    }

    /** Whether the pod is bound to a virtual node (a node labelled {@code type=virtual-kubelet}). */
    private boolean onVirtualNode(Pod pod) {
        if (pod == null || pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
            return false;
        }
        String nodeName = pod.getSpec().getNodeName();
        return virtualNodes.get(nodeName, () -> {
            Node node = kube.nodes().withName(nodeName).get();
            return node != null && node.getMetadata().getLabels() != null
                    && Keys.NODE_TYPE_VIRTUAL_KUBELET.equals(node.getMetadata().getLabels().get(Keys.NODE_LABEL_TYPE));
        }, virtual -> virtual); // a node that is not (yet) virtual is read again
    }

    /**
     * A token of the pod's ServiceAccount bound to the pod (TokenRequest, as a kubelet asks for the projection):
     * valid while the pod exists, with the projection's audience and expiry. A refusal (the ServiceAccount
     * is gone, the pod does not use it, the chart's RBAC lacks serviceaccounts/token) is a problem named on the
     * pod; a server error is retried like any unreadable reference.
     */
    private Optional<byte[]> mint(PodRef pod, TokenFile t, List<String> problems) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(t.audience() == null || t.audience().isBlank() ? List.of() : List.of(t.audience()))
                .withExpirationSeconds(t.expirationSeconds())
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.name()).withUid(pod.uid())
                .endBoundObjectRef().endSpec().build();
        try {
            TokenRequest issued = kube.serviceAccounts().inNamespace(pod.namespace()).withName(t.serviceAccount()).tokenRequest(request);
            if (issued == null || issued.getStatus() == null || issued.getStatus().getToken() == null) {
                problems.add("ServiceAccount " + pod.namespace() + "/" + t.serviceAccount() + ": no token issued");
                return Optional.empty();
            }
            return Optional.of(issued.getStatus().getToken().getBytes(StandardCharsets.UTF_8));
        } catch (KubernetesClientException e) {
            if (e.getCode() >= 400 && e.getCode() < 500) {
                problems.add("ServiceAccount " + pod.namespace() + "/" + t.serviceAccount() + ": no token for the pod (HTTP "
                        + e.getCode() + (e.getStatus() == null || e.getStatus().getMessage() == null ? "" : ": " + e.getStatus().getMessage())
                        + ")");
                return Optional.empty();
            }
            throw e;
        }
    }

    private Map<String, byte[]> read(ObjectRef ref) {
        Map<String, byte[]> data = new HashMap<>();
        if (ref.kind() == RefKind.SECRET) {
            Secret s = kube.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (s == null) {
                return null;
            }
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
            if (s.getStringData() != null) {
                s.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
        } else if (ROOT_CA.equals(ref.name())) {
            // not published yet in a new namespace: read again next time
            return rootCas.get(ref.namespace(), () -> Optional.ofNullable(configMap(ref)).map(Map::copyOf), Optional::isPresent)
                    .map(HashMap::new).orElse(null);
        } else {
            return configMap(ref);
        }
        return data;
    }

    private Map<String, byte[]> configMap(ObjectRef ref) {
        ConfigMap cm = kube.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
        if (cm == null) {
            return null;
        }
        Map<String, byte[]> data = new HashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }
}
