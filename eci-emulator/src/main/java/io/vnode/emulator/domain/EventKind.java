package io.vnode.emulator.domain;

/** The cloud events the emulator emits; messages are rendered when described. */
public enum EventKind {
    SCHEDULED("Normal", "Scheduled", "Successfully assigned %s to %s"),
    NO_STOCK("Warning", "NoStock", "The resource %s is out of stock in %s"),
    PULLING("Normal", "Pulling", "pulling image \"%s\""),
    PULLED("Normal", "Pulled", "Successfully pulled image \"%s\""),
    CREATED("Normal", "Created", "Created container %s"),
    STARTED("Normal", "Started", "Started container %s"),
    BACK_OFF("Warning", "BackOff", "Back-off restarting failed container %s"),
    KILLING("Normal", "Killing", "Stopping container %s"),
    READINESS_FAILED("Warning", "Unhealthy", "Readiness probe failed for container %s"),
    LIVENESS_FAILED("Warning", "Unhealthy", "Liveness probe failed for container %s, it will be restarted"),
    SPOT_RELEASED("Warning", "SpotToBeReleased", "Spot ECI %s will be released");

    private final String type;
    private final String reason;
    private final String template;

    EventKind(String type, String reason, String template) {
        this.type = type;
        this.reason = reason;
        this.template = template;
    }

    public String type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    public String message(String a, String b) {
        return String.format(template, a, b);
    }
}
