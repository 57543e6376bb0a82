package io.vnode.translator.domain;

import io.vnode.contracts.pod.RejectionReason;

/** Internal early exit of a translation; turned into {@link Translation.Rejected} at the boundary. Stackless. */
final class Reject extends RuntimeException {

    private final RejectionReason reason;

    Reject(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    RejectionReason reason() {
        return reason;
    }
}
