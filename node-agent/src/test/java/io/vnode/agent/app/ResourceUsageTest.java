package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.agent.domain.PodUsage;
import io.vnode.testsupport.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reads from the cloud in batches, shared by every scrape within the max age. */
class ResourceUsageTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    final List<List<String>> calls = new ArrayList<>();
    final MovingClock clock = new MovingClock(T0);
    final InstanceMetrics cloud = ids -> {
        calls.add(ids);
        Map<String, InstanceMetrics.Measured> out = new HashMap<>();
        for (String id : ids) {
            if (!id.equals("eci-7")) { // the cloud has no figures for this one yet
                out.put(id, new InstanceMetrics.Measured(clock.instant(), new PodUsage.Usage(1, 2, 3),
                        List.of(new PodUsage.ContainerUsage("c", new PodUsage.Usage(1, 2, 3)))));
            }
        }
        return out;
    };

    @Test
    void onePodInABatchOfFiftyAndOneReadPerMaxAge() {
        List<ResourceUsage.RunningPod> pods = IntStream.range(0, 120)
                .mapToObj(i -> new ResourceUsage.RunningPod("ns", "p" + i, "uid-" + i, "eci-" + i, T0)).toList();
        ResourceUsage usage = new ResourceUsage(cloud, () -> pods, clock, Duration.ofSeconds(10));

        List<PodUsage> first = usage.current();
        assertThat(calls).extracting(List::size).containsExactly(50, 50, 20);
        assertThat(first).hasSize(119).extracting(PodUsage::name).doesNotContain("p7");

        clock.set(T0.plusSeconds(9));
        assertThat(usage.current()).isSameAs(first);
        assertThat(usage.reads()).isEqualTo(3);

        clock.set(T0.plusSeconds(10));
        usage.current();
        assertThat(usage.reads()).isEqualTo(6);
    }

    @Test
    void noPodsNoCalls() {
        ResourceUsage usage = new ResourceUsage(cloud, List::of, clock, Duration.ofSeconds(10));
        assertThat(usage.current()).isEmpty();
        assertThat(calls).isEmpty();
    }
}
