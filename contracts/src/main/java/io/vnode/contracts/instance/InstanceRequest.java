package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The whole translated CreateContainerGroup request for one pod. It holds no secret value: env,
 * config-file volumes and image pull secrets point at ConfigMaps and Secrets by reference, and the
 * executor resolves them just before the call.
 *
 * @param containerGroupName the cloud name (2-128 chars, lowercase letters, digits, '-')
 * @param clientToken idempotency token derived from the pod uid (at most 64 ASCII characters)
 * @param specs candidate sizes in priority order (1 to 5); the executor moves to the next on NoStock
 *     unless the pod's {@code k8s.aliyun.com/eci-fail-strategy} is fail-back (then it retries the first)
 * @param vSwitchIds one or more vSwitches (several: multi-zone)
 * @param computeClass ACS compute class (general-purpose, performance, gpu, gpu-hpn); null for ECI
 * @param computeQos ACS QoS (default, best-effort); null for ECI
 * @param ephemeralStorageGiB extra ephemeral storage above the default 30 GiB, or null
 * @param tags cloud tags (at most 20); always carries the pod uid, namespace, name, node and cluster
 * @param extraParameters CreateContainerGroup parameters by their API names that the SDK model lacks
 *     (SpotStrategy, GpuDriverVersion, AutoMatchImageCache...), sent as generic query parameters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceRequest(
        @JsonProperty(required = true) ComputeType computeType,
        @JsonProperty(required = true) String regionId,
        @JsonProperty(required = true) String containerGroupName,
        @JsonProperty(required = true) String clientToken,
        @JsonProperty(required = true) List<InstanceSpec> specs,
        List<String> vSwitchIds,
        String securityGroupId,
        String resourceGroupId,
        String zoneId,
        String computeClass,
        String computeQos,
        String gpuModelSeries,
        Integer ephemeralStorageGiB,
        String restartPolicy,
        Long activeDeadlineSeconds,
        Long terminationGracePeriodSeconds,
        String dnsPolicy,
        DnsConfig dnsConfig,
        List<HostAlias> hostAliases,
        String hostName,
        @JsonProperty(required = true) List<ContainerSpec> containers,
        List<ContainerSpec> initContainers,
        List<VolumeSpec> volumes,
        List<ObjectRef> imagePullSecrets,
        Map<String, String> tags,
        Map<String, String> extraParameters) {
}
