package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.emulator.bench.EmulatorScaleBench;
import org.junit.jupiter.api.Test;

/** A small run of the scale benchmark: 2,000 instances from 4 threads, every one described. */
class ScaleIT {

    @Test
    void createsAndDescribesTwoThousandInstances() throws Exception {
        EmulatorScaleBench.Result r = EmulatorScaleBench.run(2_000, 4);
        assertThat(r.instances()).isEqualTo(2_000);
        assertThat(r.described()).isEqualTo(2_000);
        assertThat(r.maxPerPodUid()).isEqualTo(1);
        assertThat(r.errors()).isZero();
    }
}
