package io.vnode.translator.domain;

import java.util.List;

/**
 * The network placement every instance gets unless the pod overrides it (the kube-system/eci-profile
 * ConfigMap or the vnode.profile.* properties).
 *
 * @param vSwitchIds one or more vSwitches; several make the instance multi-zone
 * @param securityGroupId the security group (null: the cloud's default)
 * @param resourceGroupId the resource group (null: the account's default)
 */
public record EciProfile(List<String> vSwitchIds, String securityGroupId, String resourceGroupId) {

    public EciProfile {
        vSwitchIds = vSwitchIds == null ? List.of() : List.copyOf(vSwitchIds);
        securityGroupId = blankToNull(securityGroupId);
        resourceGroupId = blankToNull(resourceGroupId);
    }

    public static EciProfile empty() {
        return new EciProfile(List.of(), null, null);
    }

    /** A profile from the ConfigMap's textual form: vSwitchIds comma-separated. */
    public static EciProfile of(String vSwitchIds, String securityGroupId, String resourceGroupId) {
        return new EciProfile(Strings.splitComma(vSwitchIds), securityGroupId, resourceGroupId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
