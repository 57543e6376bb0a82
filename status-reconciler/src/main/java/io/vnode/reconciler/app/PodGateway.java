package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * The pods in the Kubernetes API. Blocking, thread-safe. Every write is idempotent: writing what
 * the pod already shows sends nothing.
 */
public interface PodGateway {

    /** The pod as the API server has it now, or empty when it does not exist. */
    Optional<Pod> get(String namespace, String name);

    /**
     * Writes {@code desired}'s status and annotations over {@code current}'s in one request through the
     * status subresource (which lets metadata but not spec change): a JSON patch of the top-level status
     * fields that differ and the annotations that are added or changed (never removes a key), with
     * {@code current}'s resourceVersion as precondition.
     *
     * @return the pod as the API server stored it, {@code current} when nothing differed, or empty when
     *         the pod is gone
     * @throws ConflictException when the pod changed since {@code current} was read (re-read and retry)
     */
    Optional<Pod> write(Pod current, Pod desired);

    /**
     * Deletes the pod with grace period 0 and a UID precondition (as virtual-kubelet does once the
     * instance is gone), so a pending {@code kubectl delete} completes. A pod already gone, or
     * re-created under the same name (UID differs), is success.
     */
    void deleteNow(Pod pod);

    /** The pod changed between read and write (HTTP 409). */
    final class ConflictException extends RuntimeException {
        public ConflictException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The API server cannot be reached or answered 5xx/429: retry later, nothing was lost. */
    final class TransientException extends RuntimeException {
        public TransientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The API server refused the credentials or the permission (HTTP 401/403): nothing is wrong with
     * the record; retry once access is back (a rotated token, a fixed Role), never dead-letter.
     */
    final class AccessDeniedException extends RuntimeException {
        public AccessDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
