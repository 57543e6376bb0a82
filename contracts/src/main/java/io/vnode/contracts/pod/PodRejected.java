package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * The translator cannot turn the pod into a create request.
 *
 * @param reasonCode a stable code from {@link RejectionReason#code()} (consumers must accept codes
 *     they do not know)
 * @param message what a person reads on the pod: what is wrong and how to fix it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodRejected(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) String reasonCode,
        @JsonProperty(required = true) String message) implements PodRejection {

    public static final String TYPE = "pod.rejected.v1";
}
