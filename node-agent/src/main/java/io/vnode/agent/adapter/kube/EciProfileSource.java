package io.vnode.agent.adapter.kube;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.agent.domain.ProfileSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eci-profile ConfigMap ({@code kube-system/eci-profile}), watched. Its {@code selectors} key holds a
 * JSON (or YAML) array, as ACK's eci-profile does:
 * <pre>
 * [{"name": "batch", "namespaceSelector": {"matchLabels": {"team": "x"}},
 *   "objectSelector": {"matchLabels": {"workload": "batch"}, "matchExpressions": [...]}}]
 * </pre>
 * An entry that does not parse, or selects every pod, is skipped with a warning; the others still apply.
 */
public class EciProfileSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EciProfileSource.class);
    public static final String SELECTORS_KEY = "selectors";

    private final SharedIndexInformer<ConfigMap> informer;
    private final KubernetesSerialization serialization;
    private volatile String parsedVersion;
    private volatile List<ProfileSelector> parsed = List.of();

    public EciProfileSource(KubernetesClient client, String namespace, String name) {
        this.serialization = client.getKubernetesSerialization();
        this.informer = Informers.startRetrying(client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0),
                "eci-profile " + namespace + "/" + name);
    }

    /** The selectors of the current profile; empty when there is no profile. */
    public List<ProfileSelector> selectors() {
        List<ConfigMap> items = informer.getStore().list();
        if (items.isEmpty()) {
            return List.of();
        }
        ConfigMap cm = items.get(0);
        String version = cm.getMetadata().getResourceVersion();
        if (!Objects.equals(version, parsedVersion)) {
            String raw = cm.getData() == null ? null : cm.getData().get(SELECTORS_KEY);
            parsed = parse(serialization, raw);
            parsedVersion = version;
        }
        return parsed;
    }

    public static List<ProfileSelector> parse(KubernetesSerialization serialization, String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<Map<String, Object>> entries;
        try {
            entries = serialization.unmarshal(raw, new TypeReference<List<Map<String, Object>>>() { });
        } catch (RuntimeException e) {
            LOG.warn("eci-profile '{}' is not a JSON array of selectors; no profile routing: {}", SELECTORS_KEY, e.getMessage());
            return List.of();
        }
        List<ProfileSelector> out = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> entry : entries == null ? List.<Map<String, Object>>of() : entries) {
            i++;
            String name = entry.get("name") == null ? "#" + i : entry.get("name").toString();
            try {
                LabelSelector ns = selector(serialization, entry.get("namespaceSelector"));
                LabelSelector obj = selector(serialization, entry.get("objectSelector"));
                Map<?, ?> effect = entry.get("effect") instanceof Map<?, ?> m ? m : Map.of();
                ProfileSelector s = new ProfileSelector(name, ns, obj, strings(effect.get("annotations")), strings(effect.get("labels")));
                s.matches(Map.of(), Map.of()); // rejects unknown operators now, not at admission time
                out.add(s);
            } catch (RuntimeException e) {
                LOG.warn("eci-profile selector {} skipped: {}", name, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> strings(Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }

    private static LabelSelector selector(KubernetesSerialization serialization, Object raw) {
        return raw == null ? null : serialization.convertValue(raw, LabelSelector.class);
    }

    @Override
    public void close() {
        informer.close();
    }
}
