package io.vnode.executor.config;

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
 * @param clusterId the value of the cluster tag: the watcher and the orphan sweep see only instances carrying it
 */
@ConfigurationProperties("vnode.cloud")
public record CloudProperties(
        String endpoint,
        @DefaultValue("HTTPS") String protocol,
        @DefaultValue("cn-hangzhou") String regionId,
        List<String> regions,
        @DefaultValue("default") String clusterId,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue Credentials credentials,
        @DefaultValue Quota quota) {

    public List<String> watchedRegions() {
        return regions == null || regions.isEmpty() ? List.of(regionId) : regions;
    }

    public String endpointFor(String region) {
        return endpoint == null || endpoint.isBlank() ? "eci." + region + ".aliyuncs.com" : endpoint;
    }

    /**
     * Where the AccessKey comes from: the Secret (re-read after {@code ttl}, so a rotated key is
     * used without a restart), else the environment ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET.
     */
    public record Credentials(
            @DefaultValue("kube-system") String secretNamespace,
            @DefaultValue("alibaba-addon-secret") String secretName,
            @DefaultValue("access-key-id") String accessKeyIdKey,
            @DefaultValue("access-key-secret") String accessKeySecretKey,
            @DefaultValue("30s") Duration ttl) {
    }

    /** Account quota per API: calls per {@code window} (defaults: the documented ECI quotas). */
    public record Quota(
            @DefaultValue("60s") Duration window,
            @DefaultValue("1000") int createContainerGroup,
            @DefaultValue("1000") int deleteContainerGroup,
            @DefaultValue("2000") int describeContainerGroups,
            @DefaultValue("10000") int describeContainerGroupStatus,
            @DefaultValue("10000") int describeContainerGroupEvents) {
    }
}
