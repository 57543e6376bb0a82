package io.vnode.executor.adapter.cloud;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.domain.AdaptiveRateLimiter;
import java.util.EnumMap;
import java.util.Map;

/** One adaptive limiter per API at the configured account quota (shared by every caller of the account). */
public class CloudLimiters {

    private final Map<CloudApi, AdaptiveRateLimiter> limiters = new EnumMap<>(CloudApi.class);

    public CloudLimiters(ApiQuota quota, MeterRegistry meters) {
        double seconds = quota.window().toMillis() / 1000.0;
        long now = System.nanoTime();
        put(CloudApi.CREATE_CONTAINER_GROUP, quota.createContainerGroup() / seconds, now);
        put(CloudApi.DELETE_CONTAINER_GROUP, quota.deleteContainerGroup() / seconds, now);
        put(CloudApi.UPDATE_CONTAINER_GROUP, quota.updateContainerGroup() / seconds, now);
        put(CloudApi.DESCRIBE_CONTAINER_GROUPS, quota.describeContainerGroups() / seconds, now);
        put(CloudApi.DESCRIBE_CONTAINER_GROUP_STATUS, quota.describeContainerGroupStatus() / seconds, now);
        put(CloudApi.DESCRIBE_CONTAINER_GROUP_EVENTS, quota.describeContainerGroupEvents() / seconds, now);
        limiters.forEach((api, limiter) -> Gauge.builder("vnode.cloud.limiter.rate", limiter, AdaptiveRateLimiter::rate)
                .description("current client-side rate limit (calls/s)").tag("api", api.action()).register(meters));
    }

    private void put(CloudApi api, double perSecond, long now) {
        limiters.put(api, new AdaptiveRateLimiter(perSecond, now));
    }

    AdaptiveRateLimiter get(CloudApi api) {
        return limiters.get(api);
    }
}
