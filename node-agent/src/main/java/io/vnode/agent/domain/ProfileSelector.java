package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * One entry of the eci-profile's {@code selectors}: a pod matches when its namespace's labels match
 * {@code namespaceSelector} and its own labels match {@code objectSelector}; its {@code effect}'s
 * annotations and labels are then written on the pod. A missing part matches
 * everything; an entry with neither part is refused when parsed (it would route every pod of the
 * cluster).
 */
public record ProfileSelector(String name, LabelSelector namespaceSelector, LabelSelector objectSelector,
                              Map<String, String> effectAnnotations, Map<String, String> effectLabels) {

    public ProfileSelector {
        if (namespaceSelector == null && objectSelector == null) {
            throw new IllegalArgumentException("eci-profile selector " + name
                    + " has neither namespaceSelector nor objectSelector; it would route every pod");
        }
        effectAnnotations = effectAnnotations == null ? Map.of() : Map.copyOf(effectAnnotations);
        effectLabels = effectLabels == null ? Map.of() : Map.copyOf(effectLabels);
    }

    public ProfileSelector(String name, LabelSelector namespaceSelector, LabelSelector objectSelector) {
        this(name, namespaceSelector, objectSelector, Map.of(), Map.of());
    }

    public boolean matches(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        return matches(namespaceSelector, namespaceLabels) && matches(objectSelector, podLabels);
    }

    /** Kubernetes label-selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r, l)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new IllegalArgumentException("unknown label selector operator " + r.getOperator());
        };
    }
}
