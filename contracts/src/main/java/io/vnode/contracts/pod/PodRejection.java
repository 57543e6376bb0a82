package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vnode.contracts.VnodeEvent;

/** Topic {@link io.vnode.contracts.Topics#POD_REJECTIONS}: pods the product will not run. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = PodRejected.class, name = PodRejected.TYPE)})
public sealed interface PodRejection extends VnodeEvent permits PodRejected {
}
