package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the eci-profile's {@code selectors}: a pod matches when its namespace's labels match
 * {@code namespaceSelector} and its own labels match {@code objectSelector} (a missing part matches
 * everything). Its {@code effect} is the annotations and labels a matched pod gets.
 *
 * @param name the entry's name (or {@code #<position>})
 * @param namespaceSelector the namespace's labels; null: any namespace
 * @param objectSelector the pod's labels; null: any pod
 * @param effectAnnotations annotations added to a matched pod
 * @param effectLabels labels added to a matched pod
 */
public record ProfileSelector(String name, LabelSelector namespaceSelector, LabelSelector objectSelector,
                              Map<String, String> effectAnnotations, Map<String, String> effectLabels) {

    public ProfileSelector {
        if (namespaceSelector == null && objectSelector == null) {
            throw new IllegalArgumentException("eci-profile selector " + name
                    + " has neither namespaceSelector nor objectSelector; it would select every pod");
        }
        effectAnnotations = effectAnnotations == null ? Map.of() : Map.copyOf(effectAnnotations);
        effectLabels = effectLabels == null ? Map.of() : Map.copyOf(effectLabels);
        matches(namespaceSelector, Map.of());
        matches(objectSelector, Map.of());
    }

    /**
     * An entry as parsed from the profile's JSON ({@code name}, {@code namespaceSelector},
     * {@code objectSelector} with {@code matchLabels}/{@code matchExpressions}, {@code effect} with
     * {@code annotations}/{@code labels}).
     *
     * @throws IllegalArgumentException the entry is malformed; the message says where
     */
    public static ProfileSelector fromJson(Map<?, ?> entry, int position) {
        String name = entry.get("name") == null ? "#" + position : entry.get("name").toString();
        Map<?, ?> effect = mapOrNull(entry.get("effect"), name + ".effect");
        return new ProfileSelector(name,
                selector(entry.get("namespaceSelector"), name + ".namespaceSelector"),
                selector(entry.get("objectSelector"), name + ".objectSelector"),
                effect == null ? null : strings(effect.get("annotations"), name + ".effect.annotations"),
                effect == null ? null : strings(effect.get("labels"), name + ".effect.labels"));
    }

    public boolean matches(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        return matches(namespaceSelector, namespaceLabels) && matches(objectSelector, podLabels);
    }

    /** Kubernetes label-selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
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
        return switch (String.valueOf(r.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new IllegalArgumentException("unknown label selector operator " + r.getOperator());
        };
    }

    private static LabelSelector selector(Object raw, String where) {
        Map<?, ?> m = mapOrNull(raw, where);
        if (m == null) {
            return null;
        }
        List<LabelSelectorRequirement> expressions = null;
        Object rawExpressions = m.get("matchExpressions");
        if (rawExpressions != null) {
            if (!(rawExpressions instanceof List<?> list)) {
                throw new IllegalArgumentException(where + ".matchExpressions is not a list");
            }
            expressions = new ArrayList<>(list.size());
            for (Object e : list) {
                Map<?, ?> r = mapOrNull(e, where + ".matchExpressions[]");
                if (r == null || r.get("key") == null || r.get("operator") == null) {
                    throw new IllegalArgumentException(where + ".matchExpressions[] needs key and operator");
                }
                List<String> values = new ArrayList<>();
                if (r.get("values") instanceof List<?> vs) {
                    vs.forEach(v -> values.add(String.valueOf(v)));
                }
                expressions.add(new LabelSelectorRequirement(r.get("key").toString(), r.get("operator").toString(), values));
            }
        }
        return new LabelSelector(expressions, strings(m.get("matchLabels"), where + ".matchLabels"));
    }

    private static Map<?, ?> mapOrNull(Object raw, String where) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        return m;
    }

    private static Map<String, String> strings(Object raw, String where) {
        Map<?, ?> m = mapOrNull(raw, where);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }
}
