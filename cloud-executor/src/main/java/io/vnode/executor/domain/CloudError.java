package io.vnode.executor.domain;

/**
 * What a failed cloud call means for the caller. Classified by the cloud's error code (and HTTP
 * status where there is no code), never by message text.
 */
public sealed interface CloudError {

    String code();

    String message();

    /** The caller may retry the same call after a backoff. */
    default boolean retryable() {
        return this instanceof Throttled || this instanceof Transient;
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

    /** The request can never succeed as sent: fail the pod with the cloud's code and message. */
    record Rejected(String code, String message) implements CloudError {
    }

    /** Classifies an error by the cloud's code; {@code httpStatus} decides when the code is absent (-1 if unknown). */
    static CloudError classify(String code, String message, int httpStatus) {
        String c = code == null ? "" : code;
        if (isCredentialError(c)) {
            return new Rejected(c, message);
        }
        if (c.startsWith("Throttling") || c.equals("Degrade.Api") || c.equals("ServiceUnavailable.Throttling")) {
            return new Throttled(c, message);
        }
        if (c.contains("NoStock") || c.equals("StockExhaust") || c.equals("StockClose")) {
            return new NoStock(c, message);
        }
        if (c.endsWith(".NotFound") || c.equals("ContainerGroupNotFound") || c.equals("NotFound")
                || (c.isEmpty() && httpStatus == 404)) {
            return new NotFound(c.isEmpty() ? "NotFound" : c, message);
        }
        if (c.equals("ServiceUnavailable") || c.equals("InternalError") || c.startsWith("SDK.")
                || c.equals("OperationConflict") || c.startsWith("IncorrectStatus")
                || (c.isEmpty() && (httpStatus >= 500 || httpStatus < 0))) {
            return new Transient(c.isEmpty() ? "HTTP" + httpStatus : c, message);
        }
        return new Rejected(c.isEmpty() ? "HTTP" + httpStatus : c, message);
    }

    /** Bad or missing credentials: permanent for the request (the operator must fix the Secret). */
    private static boolean isCredentialError(String c) {
        return c.startsWith("InvalidAccessKeyId") || c.startsWith("SignatureDoesNotMatch")
                || c.startsWith("InvalidAccessKeySecret") || c.startsWith("InvalidSecurityToken")
                || c.startsWith("Forbidden") || c.equals("SDK.InvalidAccessKeySecret")
                || c.equals("IncompleteSignature");
    }
}
