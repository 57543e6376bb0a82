package io.vnode.reconciler.domain;

import io.vnode.contracts.Keys;

/** The annotations this service owns besides those in {@link Keys}. */
public final class ReconcilerKeys {

    /** The sequence of the last instance event applied to the pod (stale-event rule, survives restarts). */
    public static final String INSTANCE_EVENT_SEQUENCE = Keys.OWN_PREFIX + "instance-event-sequence";
    /**
     * The sequence of the last instance status applied to the pod: statuses are ordered among
     * themselves, not after the create (see {@link PodEventRules}).
     */
    public static final String INSTANCE_STATUS_SEQUENCE = Keys.OWN_PREFIX + "instance-status-sequence";
    /** The sequence of the last rejection applied to the pod. */
    public static final String REJECTION_SEQUENCE = Keys.OWN_PREFIX + "rejection-sequence";
    /** The billed instance spec as JSON (so a deletion can still produce the usage record). */
    public static final String BILLING_SPEC = Keys.OWN_PREFIX + "billing-spec";

    /** Condition type the ECI virtual node sets once the instance exists. */
    public static final String CONTAINER_INSTANCE_CREATED = "ContainerInstanceCreated";

    private ReconcilerKeys() {
    }
}
