package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;
import java.util.List;

/**
 * A create did not succeed (yet).
 *
 * @param retryable true: the executor keeps trying (throttling, 5xx, refused credentials, no stock for
 *     every spec it may try) and this event only reports a long wait; false: it gave up for good
 *     (invalid request, arrears, a missing reference, no stock under the pod's fail-fast strategy, or
 *     {@link #CODE_MAX_PENDING_EXCEEDED}) and the pod should fail
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

    /**
     * The code of a create the executor gave up because the pod waited longer than its
     * {@code k8s.aliyun.com/eci-max-pending-minute} without an instance ({@code retryable} false).
     */
    public static final String CODE_MAX_PENDING_EXCEEDED = "MaxPendingMinuteExceeded";

    /**
     * Whether a code says the cloud had no capacity for the pod (its stock codes: {@code *NoStock*},
     * {@code StockExhaust}, {@code StockClose}) or the pod ran out of time waiting for it
     * ({@link #CODE_MAX_PENDING_EXCEEDED}), as opposed to a refusal of the request itself.
     */
    public static boolean isCapacityCode(String code) {
        return code != null && (code.contains("NoStock") || code.equals("StockExhaust") || code.equals("StockClose")
                || code.equals(CODE_MAX_PENDING_EXCEEDED));
    }
}
