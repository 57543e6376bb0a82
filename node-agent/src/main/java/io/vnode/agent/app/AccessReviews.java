package io.vnode.agent.app;

import io.vnode.agent.domain.AccessDecision;
import io.vnode.agent.domain.KubeletAccess;
import io.vnode.agent.domain.Requester;
import java.util.Optional;

/**
 * Outbound port: the API server's authentication and authorization, as a kubelet uses them
 * (TokenReview, SubjectAccessReview). Blocking (one API call each); thread-safe; no caching (see
 * {@link KubeletAuthorizer}).
 */
public interface AccessReviews {

    /** Who the bearer token belongs to, or empty when the API server does not accept it. */
    Optional<Requester> reviewToken(String token);

    /**
     * Whether {@code requester} may do {@code access} on the node.
     *
     * @throws ReviewFailedException when the API server could not be asked or did not answer
     */
    AccessDecision reviewAccess(Requester requester, KubeletAccess access);

    final class ReviewFailedException extends RuntimeException {
        public ReviewFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
