package io.vnode.translator.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every instance gets unless the pod overrides it (the kube-system/eci-profile ConfigMap or the
 * vnode.profile.* properties).
 *
 * @param vSwitchIds one or more vSwitches; several make the instance multi-zone
 * @param securityGroupId the security group (null: the cloud's default)
 * @param resourceGroupId the resource group (null: the account's default)
 * @param vSwitchZones the zone of each vSwitch that is known (vSwitch id -> zone id); a pod then gets
 *     only the vSwitches of its virtual node's zone
 * @param selectors the profile's selectors, in order; the first that matches a pod gives it its effect
 */
public record EciProfile(List<String> vSwitchIds, String securityGroupId, String resourceGroupId,
                         Map<String, String> vSwitchZones, List<ProfileSelector> selectors) {

    public EciProfile {
        vSwitchIds = vSwitchIds == null ? List.of() : List.copyOf(vSwitchIds);
        securityGroupId = blankToNull(securityGroupId);
        resourceGroupId = blankToNull(resourceGroupId);
        vSwitchZones = vSwitchZones == null ? Map.of() : Map.copyOf(vSwitchZones);
        selectors = selectors == null ? List.of() : List.copyOf(selectors);
    }

    public EciProfile(List<String> vSwitchIds, String securityGroupId, String resourceGroupId) {
        this(vSwitchIds, securityGroupId, resourceGroupId, Map.of(), List.of());
    }

    public static EciProfile empty() {
        return new EciProfile(List.of(), null, null);
    }

    /** A profile from the ConfigMap's textual form: vSwitchIds comma-separated. */
    public static EciProfile of(String vSwitchIds, String securityGroupId, String resourceGroupId) {
        return new EciProfile(Strings.splitComma(vSwitchIds), securityGroupId, resourceGroupId);
    }

    public EciProfile withVSwitchZones(Map<String, String> zones) {
        return new EciProfile(vSwitchIds, securityGroupId, resourceGroupId, zones, selectors);
    }

    public EciProfile withSelectors(List<ProfileSelector> list) {
        return new EciProfile(vSwitchIds, securityGroupId, resourceGroupId, vSwitchZones, list);
    }

    /**
     * The vSwitch zones in their textual form, {@code vsw-a=cn-hangzhou-k,vsw-b=cn-hangzhou-j}
     * (entries separated by commas; each {@code <vSwitch id>=<zone id>}).
     *
     * @throws IllegalArgumentException an entry is not {@code id=zone}
     */
    public static Map<String, String> parseVSwitchZones(List<String> entries) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            for (String e : Strings.splitComma(entry)) {
                int eq = e.indexOf('=');
                if (eq <= 0 || eq == e.length() - 1) {
                    throw new IllegalArgumentException("vSwitch zone '" + e + "' is not <vSwitch id>=<zone id>");
                }
                zones.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
            }
        }
        return zones;
    }

    /** The first selector that matches the pod (by its labels and its namespace's labels). */
    public Optional<ProfileSelector> selectorFor(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        return selectors.stream().filter(s -> s.matches(namespaceLabels, podLabels)).findFirst();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
