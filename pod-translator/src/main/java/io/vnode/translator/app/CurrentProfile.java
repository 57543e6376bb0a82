package io.vnode.translator.app;

import io.vnode.translator.domain.EciProfile;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The eci-profile in effect: the configured one, replaced when the ConfigMap changes. Thread-safe. */
public final class CurrentProfile implements ProfileSource {

    private final EciProfile configured;
    private final AtomicReference<EciProfile> current;

    public CurrentProfile(EciProfile configured) {
        this.configured = Objects.requireNonNull(configured);
        this.current = new AtomicReference<>(configured);
    }

    @Override
    public EciProfile current() {
        return current.get();
    }

    /** Applies the ConfigMap's data; a key it lacks keeps the configured value. */
    public void apply(java.util.Map<String, String> data) {
        if (data == null) {
            current.set(configured);
            return;
        }
        String vsw = data.get("vSwitchIds");
        EciProfile p = new EciProfile(
                vsw == null || vsw.isBlank() ? configured.vSwitchIds() : EciProfile.of(vsw, null, null).vSwitchIds(),
                data.getOrDefault("securityGroupId", configured.securityGroupId()),
                data.getOrDefault("resourceGroupId", configured.resourceGroupId()));
        current.set(p);
    }

    /** Back to the configured profile (the ConfigMap was deleted). */
    public void reset() {
        current.set(configured);
    }
}
