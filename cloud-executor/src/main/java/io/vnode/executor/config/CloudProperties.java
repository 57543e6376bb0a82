package io.vnode.executor.config;

import io.vnode.executor.adapter.cloud.ApiQuota;
import io.vnode.executor.adapter.cloud.CredentialSource;
import io.vnode.executor.adapter.cloud.EciEndpoint;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the executor reaches the cloud.
 *
 * @param endpoint host[:port] of the ECI API; empty: the region endpoint {@code eci.<region>.aliyuncs.com}
 * @param protocol HTTPS, or HTTP for the emulator
 * @param regionId the region commands default to
 * @param regions the regions the watcher polls (empty: {@code regionId})
 * @param clusterId the value of the cluster tag, stamped on every instance created: the watcher and the orphan
 *     sweep see only instances carrying it; blank: the UID of the kube-system namespace
 */
@ConfigurationProperties("vnode.cloud")
public record CloudProperties(
        String endpoint,
        @DefaultValue("HTTPS") String protocol,
        @DefaultValue("cn-hangzhou") String regionId,
        List<String> regions,
        String clusterId,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue CredentialSource credentials,
        @DefaultValue ApiQuota quota) {

    public List<String> watchedRegions() {
        return regions == null || regions.isEmpty() ? List.of(regionId) : regions;
    }

    public EciEndpoint eciEndpoint() {
        return new EciEndpoint(endpoint, protocol, regionId, connectTimeout, readTimeout);
    }
}
