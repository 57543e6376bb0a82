package io.vnode.emulator.protocol;

/** An error answer: HTTP status, the cloud's Code and Message. */
public final class ApiException extends RuntimeException {

    private final int httpStatus;
    private final String code;

    public ApiException(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public static ApiException missing(String parameter) {
        return new ApiException(400, "MissingParameter." + parameter,
                "The input parameter \"" + parameter + "\" that is mandatory for processing this request is not supplied.");
    }

    public static ApiException invalid(String parameter, String detail) {
        return new ApiException(400, "InvalidParameter." + parameter,
                "The specified parameter \"" + parameter + "\" is not valid. " + detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "InvalidParameter.NotFound", "The specified resource is not found: " + what);
    }

    public static ApiException throttled() {
        return new ApiException(400, "Throttling.User", "Request was denied due to user flow control.");
    }

    public static ApiException unavailable() {
        return new ApiException(503, "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.");
    }

    public static ApiException internalError() {
        return new ApiException(500, "InternalError",
                "The request processing has failed due to some unknown error, exception or failure.");
    }
}
