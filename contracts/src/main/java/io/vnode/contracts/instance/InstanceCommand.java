package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vnode.contracts.VnodeEvent;

/**
 * Topic {@link io.vnode.contracts.Topics#INSTANCE_COMMANDS}: what the executor must make true at the
 * cloud. Commands are idempotent: a create for a pod that already has an instance reuses it, a
 * delete of an instance that is gone succeeds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CreateInstance.class, name = CreateInstance.TYPE),
    @JsonSubTypes.Type(value = DeleteInstance.class, name = DeleteInstance.TYPE)
})
public sealed interface InstanceCommand extends VnodeEvent permits CreateInstance, DeleteInstance {
}
