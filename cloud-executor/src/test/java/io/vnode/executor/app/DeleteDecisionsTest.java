package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.app.CreateDecisionsTest.VirtualClock;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.Sequencer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a delete goes: the command's region, else the executor's configured region. */
class DeleteDecisionsTest {

    static final String CONFIGURED = "cn-hangzhou";
    static final PodRef POD = new PodRef("default", "web", "uid-1");

    static Stream<Arguments> regions() {
        return Stream.of(
                Arguments.of("the command's region", "cn-beijing", "cn-beijing"),
                Arguments.of("no region: the configured one", null, CONFIGURED),
                Arguments.of("blank region: the configured one", " ", CONFIGURED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void deletesInTheCommandsRegion(String story, String commandRegion, String expectedRegion) {
        RegionCloud cloud = new RegionCloud();
        List<InstanceEvent> events = new ArrayList<>();
        VirtualClock clock = new VirtualClock(Instant.parse("2025-01-01T00:00:00Z"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InstanceEvents instanceEvents = new InstanceEvents(new Sequencer(100), clock);
        KnownInstances known = new KnownInstances();
        InstanceWatcher watcher = new InstanceWatcher(cloud, null, events::add, known,
                new WatchPolicy(false, List.of(CONFIGURED), "c0ffee", Duration.ofSeconds(5), Duration.ofSeconds(60), true),
                instanceEvents, clock, meters);
        DeleteInstanceHandler handler = new DeleteInstanceHandler(cloud, events::add,
                new Retrier(CreateDecisionsTest.POLICY.backoff(), meters), instanceEvents, known, watcher, CONFIGURED);
        DeleteInstance cmd = new DeleteInstance("e1", POD, "vk", clock.instant(), 1, null, "eci-named", true, false,
                commandRegion);

        Optional<Halt> halt = handler.handle(cmd, new RetryContext(CreateDecisionsTest.POLICY, null, null, POD, clock));

        assertThat(halt).isEmpty();
        assertThat(cloud.calls).containsExactly("describe " + expectedRegion, "delete " + expectedRegion + " eci-named",
                "delete " + expectedRegion + " eci-tagged");
        assertThat(events).singleElement().isInstanceOfSatisfying(InstanceDeleted.class,
                d -> assertThat(d.instanceId()).isEqualTo("eci-named"));
    }

    /** Records the region of each call; one instance tagged with the pod besides the named one. */
    static final class RegionCloud extends UnusedCloud {
        final List<String> calls = new ArrayList<>();

        @Override
        public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String delete(String regionId, String instanceId, boolean force) {
            calls.add("delete " + regionId + " " + instanceId);
            return "req";
        }

        @Override
        public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
            calls.add("describe " + regionId);
            return new Page<>(List.of(new CloudInstance("eci-tagged", "cg", regionId, null, "Running", 1.0, 2.0, null,
                    null, null, Map.of(Keys.TAG_POD_UID, POD.uid()), null, null, null, null, null, null, null)), null);
        }

        @Override
        public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }

        @Override
        public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }
    }
}
