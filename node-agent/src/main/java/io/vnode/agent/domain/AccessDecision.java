package io.vnode.agent.domain;

/**
 * The API server's answer to "may this requester do this": allowed or not, with its reason (RBAC's
 * explanation, often empty on a denial).
 */
public record AccessDecision(boolean allowed, String reason) {

    public static AccessDecision allow(String reason) {
        return new AccessDecision(true, reason == null ? "" : reason);
    }

    public static AccessDecision deny(String reason) {
        return new AccessDecision(false, reason == null ? "" : reason);
    }
}
