package io.vnode.executor.domain;

/**
 * A failed cloud call, classified. Its message carries the action, the cloud's code and message,
 * never a request parameter (which may hold a secret value).
 */
public final class CloudException extends RuntimeException {

    private final CloudApi api;
    private final CloudError error;
    private final String requestId;

    public CloudException(CloudApi api, CloudError error, String requestId, Throwable cause) {
        super(api.action() + " failed: " + error.code() + ": " + error.message()
                + (requestId == null ? "" : " (RequestId " + requestId + ")"), cause, false, false);
        this.api = api;
        this.error = error;
        this.requestId = requestId;
    }

    public CloudApi api() {
        return api;
    }

    public CloudError error() {
        return error;
    }

    public String requestId() {
        return requestId;
    }
}
