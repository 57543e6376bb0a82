package io.vnode.executor.adapter.cloud;

import io.vnode.executor.domain.CloudError;

/**
 * The ECI / SDK error codes -> {@link CloudError}: by the cloud's code (and the HTTP status where
 * there is no code), never by message text.
 */
final class EciErrorCodes {

    private EciErrorCodes() {
    }

    /** Classifies an error by the cloud's code; {@code httpStatus} decides when the code is absent (-1 if unknown). */
    static CloudError classify(String code, String message, int httpStatus) {
        String c = code == null ? "" : code;
        if (isCredentialError(c)) {
            return new CloudError.CredentialsRefused(c, "the cloud refused the AccessKey or its permissions ("
                    + (message == null ? "no message" : message) + "); creates wait until a working key is in place");
        }
        if (c.startsWith("Throttling") || c.equals("Degrade.Api") || c.equals("ServiceUnavailable.Throttling")) {
            return new CloudError.Throttled(c, message);
        }
        if (c.contains("NoStock") || c.equals("StockExhaust") || c.equals("StockClose")) {
            return new CloudError.NoStock(c, message);
        }
        if (c.endsWith(".NotFound") || c.equals("ContainerGroupNotFound") || c.equals("NotFound")
                || (c.isEmpty() && httpStatus == 404)) {
            return new CloudError.NotFound(c.isEmpty() ? "NotFound" : c, message);
        }
        if (c.equals("ServiceUnavailable") || c.equals("InternalError") || c.startsWith("SDK.")
                || c.equals("OperationConflict") || c.startsWith("IncorrectStatus")
                // the disk is still attached to another instance (one being deleted): wait, as a kubelet waits
                // out a Multi-Attach error
                || c.equals("IncorrectDiskStatus")
                || (c.isEmpty() && (httpStatus >= 500 || httpStatus < 0))) {
            return new CloudError.Transient(c.isEmpty() ? "HTTP" + httpStatus : c, message);
        }
        return new CloudError.Rejected(c.isEmpty() ? "HTTP" + httpStatus : c, message);
    }

    /**
     * A refused AccessKey, signature or permission: the account's trouble, fixed by the operator (a
     * rotated key, a RAM policy), after which the same request succeeds.
     */
    static boolean isCredentialError(String code) {
        String c = code == null ? "" : code;
        return c.startsWith("InvalidAccessKeyId") || c.startsWith("SignatureDoesNotMatch")
                || c.startsWith("InvalidAccessKeySecret") || c.startsWith("InvalidSecurityToken")
                || c.startsWith("Forbidden") || c.startsWith("NoPermission") || c.equals("SDK.InvalidAccessKeySecret")
                || c.equals("IncompleteSignature") || c.startsWith("InvalidAccessKey");
    }
}
