package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.translator.domain.EciProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrentProfileTest {

    private final CurrentProfile profile = new CurrentProfile(new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));

    @Test
    void theConfigMapReplacesWhatItNamesAndKeepsTheRest() {
        profile.apply(Map.of("vSwitchIds", "vsw-x, vsw-y", "securityGroupId", "sg-9"));
        assertThat(profile.current()).isEqualTo(new EciProfile(List.of("vsw-x", "vsw-y"), "sg-9", "rg-1"));
    }

    @Test
    void deletingTheConfigMapRestoresTheConfiguredProfile() {
        profile.apply(Map.of("resourceGroupId", "rg-2"));
        assertThat(profile.current().resourceGroupId()).isEqualTo("rg-2");
        profile.reset();
        assertThat(profile.current()).isEqualTo(new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));
    }
}
