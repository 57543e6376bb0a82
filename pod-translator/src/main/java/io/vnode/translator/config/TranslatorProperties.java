package io.vnode.translator.config;

import io.vnode.translator.domain.TranslationContext;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The region's configuration ({@code vnode.translator.*}).
 *
 * @param regionId region of the instances (required)
 * @param eciSpecs the region's ECI vCPU-memory table as spec names (2-4Gi, ...); empty: the all-regions table
 * @param defaultCpu vCPU when no container declares resources
 * @param defaultMemoryGib memory when no container declares resources
 * @param memoryGibPerCpu memory per vCPU when only vCPU is declared
 * @param clusterDnsIp cluster DNS service IP for ClusterFirst pods (empty: the ClusterIP of {@code clusterDnsService},
 *     read at start; none found: ClusterFirst runs as Default)
 * @param clusterDnsService {@code namespace/name} of the cluster's DNS Service (empty: not looked up)
 * @param clusterDomain cluster domain
 * @param checkConfigMapSizes read the ConfigMaps a pod mounts (get on configmaps) to check their
 *     sizes against the cloud's config-file limits before the create
 * @param allowedOverrides the override groups pods may set where their namespace has no
 *     vnode.alibabacloud.com/allowed-overrides label: all (default), none, or group names
 * @param apiServerHost where the instances reach the API server (their KUBERNETES_SERVICE_HOST); empty: this
 *     service's own KUBERNETES_SERVICE_HOST (the chart sets it from apiServer.host / KUBERNETES_APISERVER_HOST);
 *     neither: not injected
 * @param apiServerPort its port (KUBERNETES_SERVICE_PORT); empty: this service's own, else 443
 */
@ConfigurationProperties("vnode.translator")
public record TranslatorProperties(
        @DefaultValue("cn-hangzhou") String regionId,
        @DefaultValue List<String> eciSpecs,
        @DefaultValue("2") double defaultCpu,
        @DefaultValue("4") double defaultMemoryGib,
        @DefaultValue("2") double memoryGibPerCpu,
        @DefaultValue("") String clusterDnsIp,
        @DefaultValue("kube-system/kube-dns") String clusterDnsService,
        @DefaultValue("cluster.local") String clusterDomain,
        @DefaultValue("false") boolean checkConfigMapSizes,
        @DefaultValue("all") List<String> allowedOverrides,
        @DefaultValue("") String apiServerHost,
        @DefaultValue("") String apiServerPort) {

    /**
     * Where the instances reach the API server: the configured host and port, else this service's own
     * KUBERNETES_SERVICE_HOST/PORT from {@code env} (placeholders in {@code @DefaultValue} are not resolved,
     * so the fallback is read here); null when neither names a host.
     */
    public TranslationContext.ApiServer apiServer(Map<String, String> env) {
        boolean configured = apiServerHost != null && !apiServerHost.isBlank();
        String host = configured ? apiServerHost : env.get("KUBERNETES_SERVICE_HOST");
        String port = configured ? apiServerPort : env.get("KUBERNETES_SERVICE_PORT");
        return TranslationContext.ApiServer.of(host, port);
    }
}
