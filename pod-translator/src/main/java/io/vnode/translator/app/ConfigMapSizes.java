package io.vnode.translator.app;

import java.util.Map;
import java.util.Optional;

/**
 * Outbound port: the size of each key of a ConfigMap a pod mounts, so a pod over the cloud's limits
 * on config files is told before any call. Sizes only: the values never leave the adapter.
 * Blocking (one read of the API server); thread-safe. Empty when the ConfigMap cannot be read
 * (absent, not permitted, the API server unreachable): the check is then skipped and the executor,
 * which resolves the ConfigMap, reports what it finds.
 */
public interface ConfigMapSizes {

    /** Key -> size in bytes (data as UTF-8, binaryData decoded). */
    Optional<Map<String, Integer>> keySizes(String namespace, String name);

    /** Knows no ConfigMap: the check covers only what the request itself carries. */
    static ConfigMapSizes none() {
        return (namespace, name) -> Optional.empty();
    }
}
