package io.vnode.agent.adapter.cloud;

/** What the ECI API's error codes mean to the agent. */
final class EciErrors {

    private EciErrors() {
    }

    /** The cloud refused the AccessKey (unknown, disabled, wrong secret, or not allowed): the operator must act. */
    static boolean isCredentialError(String code) {
        return code != null && (code.startsWith("InvalidAccessKeyId") || code.startsWith("InvalidAccessKeySecret")
                || code.startsWith("SignatureDoesNotMatch") || code.startsWith("InvalidSecurityToken")
                || code.startsWith("Forbidden") || code.equals("IncompleteSignature") || code.equals("SDK.InvalidAccessKeySecret"));
    }
}
