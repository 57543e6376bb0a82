package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;

/**
 * The pod's instance no longer exists at the cloud (deleted by us, or vanished).
 *
 * @param instanceId the instance that was deleted, or null when the pod never had one
 * @param reason why: {@code Deleted} (on request), {@code Vanished} (gone without a request),
 *     {@code OrphanSwept} (its pod no longer exists)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceDeleted(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        String instanceId,
        Instant deletedAt,
        @JsonProperty(required = true) String reason) implements InstanceEvent {

    public static final String TYPE = "instance.deleted.v1";
    public static final String REASON_DELETED = "Deleted";
    public static final String REASON_VANISHED = "Vanished";
    public static final String REASON_ORPHAN_SWEPT = "OrphanSwept";
}
