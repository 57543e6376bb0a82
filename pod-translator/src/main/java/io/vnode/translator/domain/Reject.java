package io.vnode.translator.domain;

import io.vnode.contracts.pod.RejectionReason;

/**
 * The early exit of the helpers a translation step calls (SpecRounding, CloudParameters,
 * ContainerMapping); the step turns it into a refused {@link Outcome} ({@link Outcome#catching}). Stackless.
 */
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
