package io.vnode.contracts.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vnode.contracts.VnodeEvent;

/** Topic {@link io.vnode.contracts.Topics#BILLING_USAGE}: one record per billed instance life. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = BillingUsageRecorded.class, name = BillingUsageRecorded.TYPE)})
public sealed interface BillingEvent extends VnodeEvent permits BillingUsageRecorded {
}
