package io.vnode.executor.adapter.cloud;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Account quota per API: calls per {@code window} (defaults: the documented ECI quotas). */
public record ApiQuota(
        @DefaultValue("60s") Duration window,
        @DefaultValue("1000") int createContainerGroup,
        @DefaultValue("1000") int deleteContainerGroup,
        @DefaultValue("2000") int describeContainerGroups,
        @DefaultValue("10000") int describeContainerGroupStatus,
        @DefaultValue("10000") int describeContainerGroupEvents,
        @DefaultValue("1000") int updateContainerGroup) {
}
