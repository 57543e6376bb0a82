package io.vnode.contracts.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import java.time.Instant;

/**
 * The usage of one instance between its billing start and stop marks (the cloud's timestamps).
 * vcpuSeconds = cpu x seconds, gibSeconds = memoryGiB x seconds, gpuSeconds = gpu x seconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BillingUsageRecorded(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) String instanceId,
        @JsonProperty(required = true) ComputeType computeType,
        @JsonProperty(required = true) InstanceSpec spec,
        @JsonProperty(required = true) Instant start,
        @JsonProperty(required = true) Instant stop,
        double vcpuSeconds,
        double gibSeconds,
        double gpuSeconds) implements BillingEvent {

    public static final String TYPE = "billing.usage-recorded.v1";
}
