package io.vnode.translator.adapter.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.translator.app.ConfigMapSizes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the ConfigMap from the API server and keeps only the size of each key. Thread-safe. */
public final class Fabric8ConfigMapSizes implements ConfigMapSizes {

    private static final Logger log = LoggerFactory.getLogger(Fabric8ConfigMapSizes.class);

    private final KubernetesClient client;

    public Fabric8ConfigMapSizes(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Map<String, Integer>> keySizes(String namespace, String name) {
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (RuntimeException e) {
            log.warn("the size of ConfigMap {}/{} is not checked: {}", namespace, name, e.getMessage());
            return Optional.empty();
        }
        if (cm == null) {
            return Optional.empty();
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> sizes.put(k, v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> sizes.put(k, v == null ? 0 : decodedLength(v)));
        }
        return Optional.of(sizes);
    }

    private static int decodedLength(String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length() / 4 * 3;
        }
    }
}
