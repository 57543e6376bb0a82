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
 *     every spec it may try, a required ConfigMap/Secret that does not exist yet) and this event only
 *     reports a wait; false: it gave up for good (invalid request, arrears, a reference the pod may not
 *     read, no stock under the pod's fail-fast strategy, or
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
     * The code of a create that waits for a required ConfigMap or Secret (env, envFrom, pull secret)
     * that does not exist yet: a kubelet's container waiting reason for it ({@code retryable} true).
     */
    public static final String CODE_CONFIG_ERROR = "CreateContainerConfigError";

    /**
     * The code of a create that waits for a ConfigMap or Secret a volume needs: a kubelet's Event
     * reason for it, while the containers wait as {@code ContainerCreating} ({@code retryable} true).
     */
    public static final String CODE_FAILED_MOUNT = "FailedMount";

    /** Whether a code says the create waits for a ConfigMap or Secret to be created. */
    public static boolean isReferenceWait(String code) {
        return CODE_CONFIG_ERROR.equals(code) || CODE_FAILED_MOUNT.equals(code);
    }

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
