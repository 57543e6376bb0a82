package io.vnode.translator.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.translator.app.PodManifests;
import java.util.Map;

/** fabric8's own (Jackson 2) model mapping. Thread-safe. */
public final class Fabric8PodManifests implements PodManifests {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Override
    public Pod toPod(Map<String, Object> manifest) {
        if (manifest == null || !"Pod".equals(manifest.getOrDefault("kind", "Pod"))) {
            throw new IllegalArgumentException("the manifest is not a Pod");
        }
        try {
            return serialization.convertValue(manifest, Pod.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the manifest is not a valid Pod: " + e.getMessage(), e);
        }
    }
}
