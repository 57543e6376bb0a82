package io.vnode.agent.app;

import java.util.Map;

/**
 * Outbound port: labels of a namespace, from a watch cache (a direct read on a cache miss). Never null;
 * empty when the namespace is unknown. Thread-safe; may block briefly on a cache miss.
 */
@FunctionalInterface
public interface NamespaceLabels {

    Map<String, String> labelsOf(String namespace);
}
