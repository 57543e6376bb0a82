package io.vnode.executor.domain;

/**
 * A failed cloud call, classified. Its message carries the action, the cloud's code and message,
 * never a request parameter (which may hold a secret value).
 */
public final class CloudException extends RuntimeException {

    private final String action;
    private final CloudError error;
    private final String requestId;

    /** @param action the cloud operation that failed, by its API name (for messages and metrics) */
    public CloudException(String action, CloudError error, String requestId, Throwable cause) {
        super(action + " failed: " + error.code() + ": " + error.message()
                + (requestId == null ? "" : " (RequestId " + requestId + ")"), cause, false, false);
        this.action = action;
        this.error = error;
        this.requestId = requestId;
    }

    public String action() {
        return action;
    }

    public CloudError error() {
        return error;
    }

    public String requestId() {
        return requestId;
    }
}
