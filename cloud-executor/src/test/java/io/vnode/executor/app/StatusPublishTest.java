package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.executor.app.OrphanSweepTest.FlakySink;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A status change is recorded only once published: one the broker refused is published at the next poll. */
class StatusPublishTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aChangeWhosePublishFailedIsPublishedAtTheNextPoll() {
        FlakySink sink = new FlakySink();
        RegionInstances instances = new RegionInstances("cn-hangzhou", "c1",
                new InstanceEvents(new Sequencer(100), Clock.systemUTC()), sink, new KnownInstances(), new SimpleMeterRegistry());
        InstanceStatusPoll poll = new InstanceStatusPoll(new OneRunningInstance(), instances, Duration.ofSeconds(5));
        poll.startFrom(T0);

        sink.failures = 1;
        assertThatThrownBy(() -> poll.run(T0.plusSeconds(5))).isInstanceOf(InstanceEventSink.PublishFailed.class);
        assertThat(sink.published).isEmpty();

        poll.run(T0.plusSeconds(10));
        assertThat(sink.published).singleElement().isInstanceOfSatisfying(InstanceStatusChanged.class,
                e -> assertThat(e.status()).isEqualTo("Running"));

        poll.run(T0.plusSeconds(15));
        assertThat(sink.published).as("published once it was: no change any more").hasSize(1);
    }

    /** The cloud: instance eci-1, Running, reported changed at every poll. */
    static final class OneRunningInstance extends UnusedCloud {
        @Override
        public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String delete(String regionId, String instanceId, boolean force) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
            return new Page<>(List.of(new CloudInstance("eci-1", "cg", regionId, "z", "Running", 1.0, 2.0, null, "10.0.0.5",
                    null, Map.of(Keys.TAG_CLUSTER_ID, "c1", Keys.TAG_POD_UID, "uid-1", Keys.TAG_POD_NAMESPACE, "default",
                    Keys.TAG_POD_NAME, "web"), null, null, null, T0, null, null, null)), null);
        }

        @Override
        public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of("eci-1"), null);
        }

        @Override
        public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }
    }
}
