package io.vnode.agent.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ResourcePolicy ({@code scheduling.alibabacloud.com/v1alpha1}, namespaced): the pods of its namespace
 * whose labels contain every {@code selector} label are placed on its {@code units} in order, each unit
 * used while it has room and its {@code max} is not reached.
 *
 * @param selector labels a pod must all carry (an empty selector selects nothing: a policy never takes a
 *                 whole namespace by accident)
 * @param units    the ordered units; never empty for a policy that {@link #parse parsed} without problems
 */
public record ResourcePolicy(String namespace, String name, Map<String, String> selector, String strategy, List<Unit> units) {

    public static final String GROUP = "scheduling.alibabacloud.com";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ResourcePolicy";
    public static final String PLURAL = "resourcepolicies";
    /** The workload annotation that binds a workload's pods to a policy by name (seed 000/002). */
    public static final String WORKLOAD_ANNOTATION = "resourcePolicy";

    /** Where a unit's pods run: on-premises or ECS nodes of the cluster, or the virtual node as ECI or ACS. */
    public enum Resource {
        IDC, ECS, ECI, ACS;

        public boolean virtual() {
            return this == ECI || this == ACS;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param nodeSelector for {@code ecs} units: the nodes of the unit (ignored on other units, as the product documents)
     * @param max          at most this many of the policy's pods in the unit; null: no limit
     * @param podLabels    labels added to the unit's pods
     */
    public record Unit(Resource resource, Map<String, String> nodeSelector, Integer max, Map<String, String> podLabels) {
    }

    /** A policy as read, or the problems that make it unusable (each one sentence naming the field). */
    public record Parsed(ResourcePolicy policy, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Whether this policy selects a pod with these labels. */
    public boolean selects(Map<String, String> podLabels) {
        if (selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = podLabels == null ? Map.of() : podLabels;
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The selector labels a pod lacks (empty when it is selected); for messages. */
    public List<String> missingLabels(Map<String, String> podLabels) {
        Map<String, String> labels = podLabels == null ? Map.of() : podLabels;
        return selector.entrySet().stream().filter(e -> !e.getValue().equals(labels.get(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** Reads a policy's {@code spec} as decoded from JSON; never throws. */
    public static Parsed parse(String namespace, String name, Object spec) {
        List<String> problems = new ArrayList<>();
        Map<?, ?> s = spec instanceof Map<?, ?> m ? m : Map.of();
        if (!(spec instanceof Map<?, ?>)) {
            problems.add("spec is missing");
        }
        Map<String, String> selector = stringMap(s.get("selector"), "spec.selector", problems);
        Object strategyValue = s.get("strategy");
        String strategy = strategyValue == null ? "prefer" : strategyValue.toString();
        if (!"prefer".equals(strategy)) {
            problems.add("spec.strategy '" + strategy + "' is not supported (only prefer)");
        }
        List<Unit> units = new ArrayList<>();
        Object rawUnits = s.get("units");
        if (!(rawUnits instanceof List<?> list) || list.isEmpty()) {
            problems.add("spec.units is empty: name at least one unit (idc, ecs, eci or acs)");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String where = "spec.units[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> u)) {
                    problems.add(where + " is not an object");
                    continue;
                }
                Resource resource = null;
                Object r = u.get("resource");
                try {
                    resource = r == null ? null : Resource.valueOf(r.toString().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    resource = null;
                }
                if (resource == null) {
                    problems.add(where + ".resource '" + r + "' is not one of idc, ecs, eci, acs");
                }
                Integer max = null;
                Object m = u.get("max");
                if (m != null) {
                    try {
                        max = Integer.valueOf(m.toString());
                        if (max < 0) {
                            problems.add(where + ".max is negative (" + max + ")");
                        }
                    } catch (NumberFormatException e) {
                        problems.add(where + ".max '" + m + "' is not a whole number");
                    }
                }
                units.add(new Unit(resource, stringMap(u.get("nodeSelector"), where + ".nodeSelector", problems), max,
                        stringMap(u.get("podLabels"), where + ".podLabels", problems)));
            }
        }
        return new Parsed(new ResourcePolicy(namespace, name, selector, strategy, List.copyOf(units)), List.copyOf(problems));
    }

    private static Map<String, String> stringMap(Object raw, String where, List<String> problems) {
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> m)) {
            problems.add(where + " is not a map of labels");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
