package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import java.util.Map;

/** Mints the renewed service-account tokens of a pod. Blocking, thread-safe; tokens are held in memory for one call. */
@FunctionalInterface
public interface TokenIssuer {

    /**
     * Fresh tokens for the pod's projected service-account tokens, minted as a kubelet renews them (TokenRequest
     * bound to the pod, the projection's audience and expiry): by volume name, each token's path in it and the
     * token. Empty when this pod incarnation (same uid) is gone or projects no token.
     *
     * @throws ReferenceResolver.Unavailable when the API cannot be read now, or a token cannot be minted (named
     *     in the message)
     */
    Map<String, Map<String, byte[]>> renewTokens(PodRef pod);
}
