package io.vnode.reconciler.domain;

/**
 * The pod phase an instance status maps to, with the reason and message written to
 * {@code status.reason}/{@code status.message} (null when the phase needs no explanation).
 */
public record PhaseDecision(String phase, String reason, String message) {

    public static PhaseDecision of(String phase) {
        return new PhaseDecision(phase, null, null);
    }
}
