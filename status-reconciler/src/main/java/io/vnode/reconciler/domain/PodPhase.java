package io.vnode.reconciler.domain;

/** Kubernetes pod phases. */
public final class PodPhase {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhase() {
    }

    public static boolean isTerminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }
}
