package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.executor.domain.ResolvedReferences;

/**
 * Reads the ConfigMaps and Secrets a request references, and the PersistentVolumeClaims it mounts with
 * their PersistentVolumes, at the last moment, into memory for one call (nothing cached, stored or
 * logged). Blocking, thread-safe, read-only. A missing object is simply absent from the result
 * ({@link io.vnode.executor.domain.ReferenceCheck} and {@link io.vnode.executor.domain.ClaimVolumes}
 * decide whether it was required). A Secret is read only when the pod, as the API server has it now, is bound to a
 * virtual node and references that Secret in its own namespace ({@link
 * io.vnode.executor.domain.SecretAccess}); any other is left unread and named in {@link
 * ResolvedReferences#problems()}, as is an imagePullSecret that cannot be parsed.
 */
public interface ReferenceResolver {

    /**
     * @param pod the pod the request is for (namespace, name, uid)
     * @throws Unavailable when the API cannot be read now (retry later)
     */
    ResolvedReferences resolve(PodRef pod, InstanceRequest request);

    /** The API could not be read (unreachable, 5xx, 429, forbidden): nothing is known about the objects. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
