package io.vnode.translator.app;

import io.vnode.contracts.EventCodec;
import io.vnode.translator.domain.EciProfile;
import io.vnode.translator.domain.ProfileSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eci-profile in effect: the configured one, replaced when the ConfigMap changes. Thread-safe.
 *
 * <p>Keys of the ConfigMap the translator uses: {@code vSwitchIds}, {@code securityGroupId},
 * {@code resourceGroupId}, {@code selectors} (their effect) and this project's {@code vSwitchZones}.
 * The other documented keys are logged once, each with the reason it is not used ({@link #IGNORED}).
 */
public final class CurrentProfile implements ProfileSource {

    private static final Logger log = LoggerFactory.getLogger(CurrentProfile.class);

    public static final String V_SWITCH_IDS = "vSwitchIds";
    public static final String SECURITY_GROUP_ID = "securityGroupId";
    public static final String RESOURCE_GROUP_ID = "resourceGroupId";
    public static final String SELECTORS = "selectors";
    /** This project's key: {@code vsw-a=cn-hangzhou-k,vsw-b=cn-hangzhou-j}. */
    public static final String V_SWITCH_ZONES = "vSwitchZones";

    /** Keys of ACK's eci-profile the translator does not use, and why. */
    public static final Map<String, String> IGNORED = ignored();

    private final EciProfile configured;
    private final AtomicReference<EciProfile> current;
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    public CurrentProfile(EciProfile configured) {
        this.configured = Objects.requireNonNull(configured);
        this.current = new AtomicReference<>(configured);
    }

    @Override
    public EciProfile current() {
        return current.get();
    }

    /**
     * Applies the ConfigMap's data; a key it lacks (or leaves blank) keeps the configured value. A
     * malformed {@code vSwitchZones} or {@code selectors} keeps the configured value of that key, with a
     * warning; a malformed selector is skipped and the others apply.
     */
    public void apply(Map<String, String> data) {
        if (data == null) {
            current.set(configured);
            return;
        }
        tellIgnoredKeys(data);
        String vsw = data.get(V_SWITCH_IDS);
        EciProfile p = new EciProfile(
                blank(vsw) ? configured.vSwitchIds() : EciProfile.of(vsw, null, null).vSwitchIds(),
                blank(data.get(SECURITY_GROUP_ID)) ? configured.securityGroupId() : data.get(SECURITY_GROUP_ID),
                blank(data.get(RESOURCE_GROUP_ID)) ? configured.resourceGroupId() : data.get(RESOURCE_GROUP_ID),
                vSwitchZones(data.get(V_SWITCH_ZONES)),
                selectors(data.get(SELECTORS)));
        current.set(p);
    }

    /** Back to the configured profile (the ConfigMap was deleted). */
    public void reset() {
        current.set(configured);
    }

    private Map<String, String> vSwitchZones(String raw) {
        if (blank(raw)) {
            return configured.vSwitchZones();
        }
        try {
            return EciProfile.parseVSwitchZones(List.of(raw));
        } catch (IllegalArgumentException e) {
            log.warn("eci-profile {} ignored, the configured zones stay: {}", V_SWITCH_ZONES, e.getMessage());
            return configured.vSwitchZones();
        }
    }

    /** The selectors' JSON array, as ACK's eci-profile writes it. */
    static List<ProfileSelector> parseSelectors(String raw) {
        if (blank(raw)) {
            return List.of();
        }
        List<?> entries;
        try {
            entries = EventCodec.mapper().readValue(raw, List.class);
        } catch (RuntimeException e) {
            log.warn("eci-profile {} is not a JSON array; no selector effect: {}", SELECTORS, e.getMessage());
            return List.of();
        }
        List<ProfileSelector> out = new ArrayList<>();
        int position = 0;
        for (Object entry : entries == null ? List.of() : entries) {
            position++;
            try {
                if (!(entry instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("entry #" + position + " is not an object");
                }
                out.add(ProfileSelector.fromJson(m, position));
            } catch (IllegalArgumentException e) {
                log.warn("eci-profile selector #{} skipped: {}", position, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private List<ProfileSelector> selectors(String raw) {
        return blank(raw) ? configured.selectors() : parseSelectors(raw);
    }

    private void tellIgnoredKeys(Map<String, String> data) {
        for (String key : data.keySet()) {
            String reason = IGNORED.get(key);
            if (reason != null && told.add(key)) {
                log.info("eci-profile key {} ignored by pod-translator: {}", key, reason);
            }
        }
    }

    private static Map<String, String> ignored() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vpcId", "CreateContainerGroup takes no VPC; the instance joins the VPC of its vSwitches");
        m.put("enableLinuxArm64Node", "an ARM virtual node is node-agent's to register; the translator sets no CpuArchitecture");
        m.put("enableClusterIp", "instances reach ClusterIPs through the VPC's routes, not through a request parameter");
        m.put("enablePrivateZone", "cluster DNS for ClusterFirst pods is vnode.translator.cluster-dns-ip");
        m.put("enableHybridMode", "hybrid (registered) clusters need no request parameter");
        m.put("enableLogController", "log collection (SLS) is not supported");
        m.put("enablePVCController", "PVC volumes are not supported");
        m.put("enableReuseSSLKey", "no request parameter");
        m.put("featureGates", "ack-virtual-node's feature gates have no meaning here");
        m.put("slsMachineGroup", "log collection (SLS) is not supported");
        return Map.copyOf(m);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
