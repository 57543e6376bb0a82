package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vnode.contracts.VnodeEvent;

/**
 * The pod lifecycle as node-agent sees it on topic {@link io.vnode.contracts.Topics#POD_LIFECYCLE}.
 * Published at least once; a periodic resync republishes {@link PodBound} for pods still without an
 * instance, so consumers must be idempotent per pod uid.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PodBound.class, name = PodBound.TYPE),
    @JsonSubTypes.Type(value = PodDeleting.class, name = PodDeleting.TYPE),
    @JsonSubTypes.Type(value = PodGone.class, name = PodGone.TYPE)
})
public sealed interface PodEvent extends VnodeEvent permits PodBound, PodDeleting, PodGone {
}
