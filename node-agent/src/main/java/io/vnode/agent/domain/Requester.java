package io.vnode.agent.domain;

import java.util.List;

/**
 * Who calls the kubelet port: from a client certificate, user = subject CN and groups = subject O (as
 * the API server reads certificates), or what a TokenReview said of a bearer token.
 *
 * @param uid the user's uid, or null (certificates carry none)
 */
public record Requester(String user, List<String> groups, String uid) {

    public Requester {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a requester needs a user name");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
