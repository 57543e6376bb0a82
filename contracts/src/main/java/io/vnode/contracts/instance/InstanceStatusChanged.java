package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;
import java.util.List;

/**
 * The instance's state changed at the cloud (emitted only on change, and on a full resync).
 * Self-contained: it repeats the instance id, spec and zone so a consumer that missed
 * {@link InstanceCreated} can still act.
 *
 * @param status the cloud status: Scheduling, Pending, Running, Succeeded, Failed, ScheduleFailed,
 *     Restarting, Updating, Terminating, Expired
 * @param statusChangedAt the cloud's timestamp of this status where it gives one, else when observed
 * @param events the cloud's events for the instance (latest 50)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceStatusChanged(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) String instanceId,
        @JsonProperty(required = true) ComputeType computeType,
        @JsonProperty(required = true) String status,
        InstanceSpec spec,
        String regionId,
        String zoneId,
        String intranetIp,
        String ipv6Address,
        List<ContainerStatus> containers,
        List<ContainerStatus> initContainers,
        List<CloudEvent> events,
        Instant creationTime,
        Instant startTime,
        Instant succeededTime,
        Instant failedTime,
        Instant expiredTime,
        Instant statusChangedAt) implements InstanceEvent {

    public static final String TYPE = "instance.status-changed.v1";
}
