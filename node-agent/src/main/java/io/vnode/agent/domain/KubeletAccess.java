package io.vnode.agent.domain;

import java.util.List;
import java.util.Locale;

/**
 * What a request to the kubelet port asks for, in the API server's terms, as a kubelet maps it before it
 * asks the API server (SubjectAccessReview): resource {@code nodes}, the node's name, a subresource by
 * path ({@code /stats} {@code stats}, {@code /metrics} {@code metrics}, {@code /logs} {@code log},
 * {@code /checkpoint} {@code checkpoint}, everything else, container logs and exec included, {@code proxy})
 * and a verb by HTTP method (GET and HEAD {@code get}, POST {@code create}, PUT {@code update}, PATCH
 * {@code patch}, DELETE {@code delete}).
 *
 * @param verb the API verb
 * @param subresource the subresource of {@code nodes}
 * @param nodeName the node the request is for
 */
public record KubeletAccess(String verb, String subresource, String nodeName) {

    public static final String RESOURCE = "nodes";

    /** The access a request with {@code method} on {@code path} needs on {@code nodeName}. */
    public static KubeletAccess of(String method, String path, String nodeName) {
        return new KubeletAccess(verbOf(method), subresourceOf(path), nodeName);
    }

    static String verbOf(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    static String subresourceOf(String path) {
        for (String[] prefix : List.of(new String[] {"/stats", "stats"}, new String[] {"/metrics", "metrics"},
                new String[] {"/logs", "log"}, new String[] {"/checkpoint", "checkpoint"})) {
            if (path.equals(prefix[0]) || path.startsWith(prefix[0] + "/")) {
                return prefix[1];
            }
        }
        return "proxy";
    }

    /** How the kubelet names a refused access, for the 403 answer. */
    public String describe(Requester requester) {
        return "user=" + requester.user() + ", verb=" + verb + ", resource=" + RESOURCE + ", subresource=" + subresource
                + ", name=" + nodeName;
    }
}
