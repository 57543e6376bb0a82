package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.executor.app.ReferenceResolver;
import io.vnode.executor.domain.ReferenceCheck;
import io.vnode.executor.domain.RegistryCredential;
import io.vnode.executor.domain.ResolvedReferences;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the ConfigMaps and Secrets a request references, just before the create call, into memory
 * ({@link ResolvedReferences}); nothing is cached, stored or logged. Blocking (fabric8); thread-safe.
 * A missing object is left out (the domain decides whether it was required); an API failure throws
 * {@link ReferenceResolver.Unavailable}.
 */
public class KubeReferences implements ReferenceResolver {

    private final KubernetesClient kube;

    public KubeReferences(KubernetesClient kube) {
        this.kube = kube;
    }

    @Override
    public ResolvedReferences resolve(InstanceRequest request) {
        try {
            return readAll(request);
        } catch (KubernetesClientException e) {
            throw new Unavailable("HTTP " + e.getCode(), e);
        }
    }

    private ResolvedReferences readAll(InstanceRequest request) {
        Map<String, Map<String, byte[]>> objects = new HashMap<>();
        for (ObjectRef ref : ReferenceCheck.referencedObjects(request)) {
            Map<String, byte[]> data = read(ref);
            if (data != null) {
                objects.put(ResolvedReferences.key(ref), data);
            }
        }
        List<RegistryCredential> registries = new ArrayList<>();
        if (request.imagePullSecrets() != null) {
            for (ObjectRef pull : request.imagePullSecrets()) {
                Map<String, byte[]> data = objects.get(ResolvedReferences.key(pull));
                if (data != null) {
                    registries.addAll(dockerConfig(data));
                }
            }
        }
        return new ResolvedReferences(objects, registries);
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

    /** {@code .dockerconfigjson} ({"auths":{server:{username,password}|{auth}}}) or legacy {@code .dockercfg}. */
    static List<RegistryCredential> dockerConfig(Map<String, byte[]> secretData) {
        List<RegistryCredential> creds = new ArrayList<>();
        byte[] json = secretData.get(".dockerconfigjson");
        JsonNode auths;
        if (json != null) {
            auths = EventCodec.mapper().readTree(json).path("auths");
        } else if (secretData.get(".dockercfg") != null) {
            auths = EventCodec.mapper().readTree(secretData.get(".dockercfg"));
        } else {
            return creds;
        }
        Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode entry = e.getValue();
            String user = entry.path("username").isMissingNode() ? null : entry.path("username").asString();
            String pass = entry.path("password").isMissingNode() ? null : entry.path("password").asString();
            if ((user == null || pass == null) && !entry.path("auth").isMissingNode()) {
                String decoded = new String(Base64.getDecoder().decode(entry.path("auth").asString()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    pass = decoded.substring(colon + 1);
                }
            }
            creds.add(new RegistryCredential(server(e.getKey()), user, pass));
        }
        return creds;
    }

    /** "https://registry.example.com/v1/" -> "registry.example.com" (ECI wants the host). */
    private static String server(String key) {
        String s = key.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        return slash > 0 ? s.substring(0, slash) : s;
    }
}
