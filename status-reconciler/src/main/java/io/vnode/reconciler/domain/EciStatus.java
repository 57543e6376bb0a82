package io.vnode.reconciler.domain;

import java.util.Locale;
import java.util.Set;

/**
 * The cloud's instance statuses (ECI DescribeContainerGroups {@code Status}; ACS uses the same set)
 * and how each maps to a pod phase ({@link #eciStatusToPodPhase}).
 */
public final class EciStatus {

    public static final String SCHEDULING = "Scheduling";
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String SCHEDULE_FAILED = "ScheduleFailed";
    public static final String RESTARTING = "Restarting";
    public static final String UPDATING = "Updating";
    public static final String TERMINATING = "Terminating";
    public static final String EXPIRED = "Expired";

    /** ECI lifecycle table: the statuses the instance is billed in. */
    public static final Set<String> BILLED = Set.of(PENDING, RUNNING, RESTARTING, UPDATING, TERMINATING);
    /** Statuses that end billing (the first one seen stops it). */
    public static final Set<String> BILLING_END = Set.of(SUCCEEDED, FAILED, EXPIRED);

    /** {@code k8s.aliyun.com/eci-fail-strategy} values. */
    public static final String FAIL_FAST = "fail-fast";

    private EciStatus() {
    }

    public static boolean billed(String status) {
        return BILLED.contains(status);
    }

    public static boolean endsBilling(String status) {
        return BILLING_END.contains(status);
    }

    /**
     * Maps an instance status to the pod phase.
     *
     * <ul>
     *   <li>Scheduling, Pending: Pending.</li>
     *   <li>Running, Restarting, Updating, Terminating: Running (the containers still run or restart in place).</li>
     *   <li>Succeeded: Succeeded. Failed: Failed.</li>
     *   <li>Expired (spot instance reclaimed): Failed, reason {@code Expired}.</li>
     *   <li>ScheduleFailed: Failed (reason {@code ScheduleFailed}) when the pod's fail strategy is
     *       {@code fail-fast} or its restartPolicy is {@code Never} (a Job's controller replaces it);
     *       otherwise Pending with reason {@code ScheduleFailed}: the default fail-back strategy
     *       keeps retrying, as ECI documents it.</li>
     *   <li>an unknown status: Pending, reason {@code UnknownInstanceStatus}.</li>
     * </ul>
     *
     * @param restartPolicy the pod's spec.restartPolicy (null = Always)
     * @param failStrategy the pod's {@code k8s.aliyun.com/eci-fail-strategy} annotation (null = fail-back)
     */
    public static PhaseDecision eciStatusToPodPhase(String status, String restartPolicy, String failStrategy) {
        if (status == null) {
            return new PhaseDecision(PodPhase.PENDING, "UnknownInstanceStatus", "the cloud reported no status");
        }
        return switch (status) {
            case SCHEDULING, PENDING -> PhaseDecision.of(PodPhase.PENDING);
            case RUNNING, RESTARTING, UPDATING, TERMINATING -> PhaseDecision.of(PodPhase.RUNNING);
            case SUCCEEDED -> PhaseDecision.of(PodPhase.SUCCEEDED);
            case FAILED -> PhaseDecision.of(PodPhase.FAILED);
            case EXPIRED -> new PhaseDecision(PodPhase.FAILED, "Expired",
                    "the spot instance was reclaimed by the cloud (status Expired)");
            case SCHEDULE_FAILED -> {
                boolean failFast = failStrategy != null && FAIL_FAST.equals(failStrategy.trim().toLowerCase(Locale.ROOT));
                if (failFast || "Never".equals(restartPolicy)) {
                    yield new PhaseDecision(PodPhase.FAILED, "ScheduleFailed",
                            "the cloud could not create the instance (status ScheduleFailed)"
                                    + (failFast ? " and the fail strategy is fail-fast" : " and the pod never restarts"));
                }
                yield new PhaseDecision(PodPhase.PENDING, "ScheduleFailed",
                        "the cloud could not place the instance yet (status ScheduleFailed); fail-back keeps retrying");
            }
            default -> new PhaseDecision(PodPhase.PENDING, "UnknownInstanceStatus",
                    "the cloud reported an unknown status " + status);
        };
    }
}
