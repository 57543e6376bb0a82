package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;
import java.util.List;

/**
 * A create did not succeed (yet).
 *
 * @param retryable true: the executor keeps trying (throttling, 5xx, no stock for every spec) and
 *     this event only reports a long wait; false: it gave up for good (invalid request, credentials,
 *     arrears) and the pod should fail
 * @param code the cloud's error code (e.g. {@code InvalidParameter.Image}, {@code NoStock})
 * @param message the cloud's message
 * @param attemptedSpecs the specs tried, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceCreateFailed(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        boolean retryable,
        @JsonProperty(required = true) String code,
        String message,
        String requestId,
        List<String> attemptedSpecs,
        int attempts) implements InstanceEvent {

    public static final String TYPE = "instance.create-failed.v1";
}
