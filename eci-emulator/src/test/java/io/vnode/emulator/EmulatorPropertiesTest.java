package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EmulatorPropertiesTest {

    private static EmulatorSettings settings(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("emulator", EmulatorProperties.class).toSettings();
    }

    @Test
    void faultsAndNoStockAreStartSettings() {
        EmulatorSettings s = settings(Map.of(
                "emulator.faults.CreateContainerGroup.unavailable", "0.25",
                "emulator.faults.CreateContainerGroup.internal-error", "0.5",
                "emulator.faults.DescribeContainerGroups.drop", "1",
                "emulator.faults.[*].throttle", "0.1",
                "emulator.faults.[*].latency", "200ms",
                "emulator.no-stock", "2-4Gi, ecs.c6.xlarge,cn-hangzhou-j"));
        assertThat(s.faults()).containsOnly(
                Map.entry("CreateContainerGroup", new FaultSettings(0, 0.25, 0.5, 0, Duration.ZERO)),
                Map.entry("DescribeContainerGroups", FaultSettings.drop(1)),
                Map.entry("*", new FaultSettings(0.1, 0, 0, 0, Duration.ofMillis(200))));
        assertThat(s.noStock()).containsExactlyInAnyOrder("2-4Gi", "ecs.c6.xlarge", "cn-hangzhou-j");
    }

    @Test
    void noFaultsAndEverythingInStockByDefault() {
        EmulatorSettings s = settings(Map.of());
        assertThat(s.faults()).isEmpty();
        assertThat(s.noStock()).isEmpty();
        assertThat(s.rateLimits()).isEqualTo(EmulatorSettings.DEFAULT_RATE_LIMITS);
    }
}
