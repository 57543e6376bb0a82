package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.executor.app.ReferenceResolver;
import io.vnode.executor.domain.ReferenceCheck;
import io.vnode.executor.domain.RegistryCredential;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the ConfigMaps and Secrets a request references, just before the create call, into memory
 * ({@link ResolvedReferences}); nothing is cached, stored or logged. Blocking (fabric8); thread-safe.
 * A missing object is left out (the domain decides whether it was required); an API failure throws
 * {@link ReferenceResolver.Unavailable}. Secrets are read only as the node authorizer lets a kubelet
 * read them ({@link SecretAccess}): the pod is read first, and its node (a virtual node carries the
 * label {@code type=virtual-kubelet}).
 */
public class KubeReferences implements ReferenceResolver {

    private final KubernetesClient kube;

    public KubeReferences(KubernetesClient kube) {
        this.kube = kube;
    }

    @Override
    public ResolvedReferences resolve(PodRef pod, InstanceRequest request) {
        try {
            return readAll(pod, request);
        } catch (KubernetesClientException e) {
            throw new Unavailable("HTTP " + e.getCode(), e);
        }
    }

    private ResolvedReferences readAll(PodRef podRef, InstanceRequest request) {
        Set<ObjectRef> wanted = ReferenceCheck.referencedObjects(request);
        List<String> problems = new ArrayList<>(secretsRefused(podRef, wanted));
        Map<String, Map<String, byte[]>> objects = new HashMap<>();
        if (problems.isEmpty()) {
            for (ObjectRef ref : wanted) {
                Map<String, byte[]> data = read(ref);
                if (data != null) {
                    objects.put(ResolvedReferences.key(ref), data);
                }
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
        return new ResolvedReferences(objects, registries, problems);
    }

    /** The Secrets of the request the pod does not allow (none asked: the pod is not read). */
    private List<String> secretsRefused(PodRef podRef, Set<ObjectRef> wanted) {
        if (wanted.stream().noneMatch(r -> r.kind() == RefKind.SECRET)) {
            return List.of();
        }
        Pod pod = kube.pods().inNamespace(podRef.namespace()).withName(podRef.name()).get();
        if (pod != null && !podRef.uid().equals(pod.getMetadata().getUid())) {
            pod = null; // another pod of the same name: this one is gone
        }
        boolean onVirtualNode = false;
        if (pod != null && pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            Node node = kube.nodes().withName(pod.getSpec().getNodeName()).get();
            onVirtualNode = node != null && node.getMetadata().getLabels() != null
                    && Keys.NODE_TYPE_VIRTUAL_KUBELET.equals(node.getMetadata().getLabels().get(Keys.NODE_LABEL_TYPE));
        }
        return SecretAccess.refused(podRef.namespace() + "/" + podRef.name(), pod, onVirtualNode, wanted);
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
        } else {
            ConfigMap cm = kube.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (cm == null) {
                return null;
            }
            if (cm.getData() != null) {
                cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
        }
        return data;
    }
}
