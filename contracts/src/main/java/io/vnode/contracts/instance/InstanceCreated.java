package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * The cloud accepted the create call.
 *
 * @param spec the size the instance was created with (the billed size)
 * @param ephemeralStorageGiB total ephemeral storage (default 30)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceCreated(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) String instanceId,
        String requestId,
        @JsonProperty(required = true) String clientToken,
        @JsonProperty(required = true) ComputeType computeType,
        @JsonProperty(required = true) InstanceSpec spec,
        String regionId,
        String zoneId,
        int ephemeralStorageGiB) implements InstanceEvent {

    public static final String TYPE = "instance.created.v1";
}
