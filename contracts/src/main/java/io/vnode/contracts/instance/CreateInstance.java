package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/** Create the pod's instance (idempotent by {@link InstanceRequest#clientToken()} and the pod-uid tag). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateInstance(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) InstanceRequest request) implements InstanceCommand {

    public static final String TYPE = "instance.create-requested.v1";
}
