package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * Delete the pod's instance. When {@code instanceId} is null the executor finds it by the pod-uid
 * tag; not finding one is success.
 *
 * @param force skip graceful termination (the pod's grace period was 0)
 * @param podGone the pod no longer exists in the API server (nothing to finish there)
 * @param regionId the region the pod's instance was created in; null: the executor's configured region
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteInstance(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        String instanceId,
        boolean force,
        boolean podGone,
        String regionId) implements InstanceCommand {

    public static final String TYPE = "instance.delete-requested.v1";

    /** A delete without a region: the executor deletes in its configured region. */
    public DeleteInstance(String eventId, PodRef pod, String virtualNode, Instant occurredAt, long sequence,
                          String traceparent, String instanceId, boolean force, boolean podGone) {
        this(eventId, pod, virtualNode, occurredAt, sequence, traceparent, instanceId, force, podGone, null);
    }
}
