package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * The pod no longer exists in the API server. Any instance still tagged with its uid is an orphan.
 *
 * @param instanceId the instance id last recorded on the pod, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodGone(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        String instanceId) implements PodEvent {

    public static final String TYPE = "pod.gone.v1";
}
