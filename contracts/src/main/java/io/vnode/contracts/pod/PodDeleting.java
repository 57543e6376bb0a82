package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * The pod has a deletionTimestamp: its instance should be deleted, then the pod removed.
 *
 * @param gracePeriodSeconds the pod's deletion grace period; 0 means force
 * @param instanceId the instance id recorded on the pod, or null when none is known yet
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodDeleting(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) Instant deletionTimestamp,
        long gracePeriodSeconds,
        String instanceId) implements PodEvent {

    public static final String TYPE = "pod.deleting.v1";
}
