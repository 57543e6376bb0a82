package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vnode.contracts.VnodeEvent;

/**
 * Topic {@link io.vnode.contracts.Topics#INSTANCE_EVENTS}: what the cloud did with a pod's instance.
 * {@link #sequence()} grows per pod within this topic, so the reconciler drops stale events.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InstanceCreated.class, name = InstanceCreated.TYPE),
    @JsonSubTypes.Type(value = InstanceStatusChanged.class, name = InstanceStatusChanged.TYPE),
    @JsonSubTypes.Type(value = InstanceCreateFailed.class, name = InstanceCreateFailed.TYPE),
    @JsonSubTypes.Type(value = InstanceDeleted.class, name = InstanceDeleted.TYPE)
})
public sealed interface InstanceEvent extends VnodeEvent
        permits InstanceCreated, InstanceStatusChanged, InstanceCreateFailed, InstanceDeleted {
}
