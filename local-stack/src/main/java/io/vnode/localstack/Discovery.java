package io.vnode.localstack;

import java.util.List;
import java.util.Map;

/** The discovery documents kubectl needs, for the resources the product and its users touch. */
final class Discovery {

    private record Resource(String name, String kind, boolean namespaced, String shortNames) {
    }

    private static final String VERBS = "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";

    private static final Map<String, List<Resource>> GROUPS = Map.of(
            "v1", List.of(
                    new Resource("pods", "Pod", true, "po"),
                    new Resource("pods/status", "Pod", true, null),
                    new Resource("pods/binding", "Binding", true, null),
                    new Resource("pods/log", "Pod", true, null),
                    new Resource("nodes", "Node", false, "no"),
                    new Resource("nodes/status", "Node", false, null),
                    new Resource("namespaces", "Namespace", false, "ns"),
                    new Resource("events", "Event", true, "ev"),
                    new Resource("configmaps", "ConfigMap", true, "cm"),
                    new Resource("secrets", "Secret", true, null),
                    new Resource("services", "Service", true, "svc"),
                    new Resource("serviceaccounts", "ServiceAccount", true, "sa")),
            "apps/v1", List.of(
                    new Resource("deployments", "Deployment", true, "deploy"),
                    new Resource("replicasets", "ReplicaSet", true, "rs"),
                    new Resource("daemonsets", "DaemonSet", true, "ds")),
            "coordination.k8s.io/v1", List.of(new Resource("leases", "Lease", true, null)),
            "events.k8s.io/v1", List.of(new Resource("events", "Event", true, "ev")));

    private Discovery() {
    }

    /** The discovery document at a path, or null when the path is not a discovery path. */
    static String document(String path) {
        switch (path) {
            case "/version":
                return "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.4-vnode-local\",\"platform\":\"linux/amd64\"}";
            case "/api":
                return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
            case "/apis":
                return apiGroupList();
            case "/api/v1":
                return resourceList("v1");
            default:
                if (path.startsWith("/apis/")) {
                    String gv = path.substring("/apis/".length());
                    if (GROUPS.containsKey(gv)) {
                        return resourceList(gv);
                    }
                }
                return null;
        }
    }

    private static String apiGroupList() {
        StringBuilder sb = new StringBuilder("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[");
        boolean first = true;
        for (String gv : List.of("apps/v1", "coordination.k8s.io/v1", "events.k8s.io/v1")) {
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            if (!first) {
                sb.append(',');
            }
            first = false;
            String v = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + version + "\"}";
            sb.append("{\"name\":\"").append(group).append("\",\"versions\":[").append(v)
                    .append("],\"preferredVersion\":").append(v).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String resourceList(String gv) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"")
                .append(gv).append("\",\"resources\":[");
        boolean first = true;
        for (Resource r : GROUPS.get(gv)) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            String singular = r.name().contains("/") ? "" : r.kind().toLowerCase();
            sb.append("{\"name\":\"").append(r.name()).append("\",\"singularName\":\"").append(singular)
                    .append("\",\"namespaced\":").append(r.namespaced())
                    .append(",\"kind\":\"").append(r.kind()).append("\",\"verbs\":").append(VERBS);
            if (r.shortNames() != null) {
                sb.append(",\"shortNames\":[\"").append(r.shortNames()).append("\"]");
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }
}
