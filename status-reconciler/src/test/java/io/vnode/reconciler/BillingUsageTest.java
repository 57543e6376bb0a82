package io.vnode.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.domain.BillingUsage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BillingUsageTest {

    static final Instant START = Instant.parse("2026-11-23T10:00:20Z");

    @Test
    void usageIsSpecTimesBilledSeconds() {
        BillingUsage u = BillingUsage.of(InstanceSpec.ofCpuMemory(2, 4, null), START, START.plusSeconds(1784));
        assertThat(u.seconds()).isEqualTo(1784);
        assertThat(u.vcpuSeconds()).isEqualTo(3568);
        assertThat(u.gibSeconds()).isEqualTo(7136);
        assertThat(u.gpuSeconds()).isZero();
    }

    @Test
    void gpuCountsAndAnEcsTypeWithoutKnownSizeBillsOnlyTime() {
        assertThat(BillingUsage.of(InstanceSpec.ofCpuMemory(4, 16, 1), START, START.plusSeconds(10)).gpuSeconds()).isEqualTo(10);
        BillingUsage typed = BillingUsage.of(InstanceSpec.ofInstanceType("ecs.gn5-c4g1.xlarge"), START, START.plusSeconds(10));
        assertThat(typed.seconds()).isEqualTo(10);
        assertThat(typed.vcpuSeconds()).isZero();
    }

    @Test
    void stopBeforeStartIsZero() {
        assertThat(BillingUsage.of(InstanceSpec.ofCpuMemory(2, 4, null), START, START.minusSeconds(5)).seconds()).isZero();
    }
}
