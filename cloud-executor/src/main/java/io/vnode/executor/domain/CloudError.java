package io.vnode.executor.domain;

/**
 * What a failed cloud call means for the caller. The cloud adapter classifies the cloud's error
 * codes into these (never by message text); the rest of the executor sees only these.
 */
public sealed interface CloudError {

    String code();

    String message();

    /** The caller may retry the same call after a backoff. */
    default boolean retryable() {
        return this instanceof Throttled || this instanceof Transient || this instanceof CredentialsRefused;
    }

    /** Flow control (Throttling*, Degrade.Api): slow down and retry. */
    record Throttled(String code, String message) implements CloudError {
    }

    /** 5xx, timeouts, resets: retry the same request (same ClientToken). */
    record Transient(String code, String message) implements CloudError {
    }

    /** No stock for the spec or zone: move to the next candidate. */
    record NoStock(String code, String message) implements CloudError {
    }

    /** The object does not exist (success for a delete). */
    record NotFound(String code, String message) implements CloudError {
    }

    /**
     * The cloud refused the AccessKey or its permissions (InvalidAccessKeyId, SignatureDoesNotMatch,
     * Forbidden.RAM, NoPermission, ...): the account's trouble, not the pod's. Retried with backoff
     * until the operator puts a working key or policy in place; never fails a pod.
     */
    record CredentialsRefused(String code, String message) implements CloudError {
    }

    /** The request can never succeed as sent: fail the pod with the cloud's code and message. */
    record Rejected(String code, String message) implements CloudError {
    }
}
