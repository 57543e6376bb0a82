package io.vnode.translator.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The eci-profile's placement defaults ({@code vnode.profile.*}); the kube-system/eci-profile
 * ConfigMap, when watched, replaces them at run time.
 *
 * @param vSwitchIds vSwitches (several: multi-zone)
 * @param securityGroupId security group
 * @param resourceGroupId resource group
 * @param vSwitchZones the zone of each vSwitch, entries {@code vsw-a=cn-hangzhou-k}; a pod then gets only the
 *     vSwitches of its virtual node's zone (the ConfigMap's vSwitchZones replaces them)
 * @param watchConfigMap watch kube-system/eci-profile for vSwitchIds, securityGroupId, resourceGroupId
 * @param configMapNamespace namespace of the ConfigMap
 * @param configMapName name of the ConfigMap
 */
@ConfigurationProperties("vnode.profile")
public record ProfileProperties(
        @DefaultValue List<String> vSwitchIds,
        @DefaultValue("") String securityGroupId,
        @DefaultValue("") String resourceGroupId,
        @DefaultValue List<String> vSwitchZones,
        @DefaultValue("false") boolean watchConfigMap,
        @DefaultValue("kube-system") String configMapNamespace,
        @DefaultValue("eci-profile") String configMapName) {
}
