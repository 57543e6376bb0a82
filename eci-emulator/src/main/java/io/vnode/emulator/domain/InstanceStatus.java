package io.vnode.emulator.domain;

/** ECI container group statuses (eci-api.md 2.4); GONE marks an instance deleted for good. */
public enum InstanceStatus {
    SCHEDULING("Scheduling"),
    SCHEDULE_FAILED("ScheduleFailed"),
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    TERMINATING("Terminating"),
    EXPIRED("Expired"),
    GONE("Gone");

    private final String wire;

    InstanceStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** No further transition happens by itself (only delete). */
    public boolean settled() {
        return this == SCHEDULE_FAILED || this == SUCCEEDED || this == FAILED || this == EXPIRED || this == GONE;
    }
}
