package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The sweep's passes against an in-memory cloud, pod list and event sink. */
class OrphanSweepTest {

    static final String REGION = "cn-hangzhou";
    static final String CLUSTER = "c1";
    static final PodRef LIVE = new PodRef("default", "live", "uid-live");
    static final PodRef GONE = new PodRef("default", "gone", "uid-gone");

    final Cloud cloud = new Cloud();
    final FlakySink sink = new FlakySink();
    final Map<String, LivePod> pods = new HashMap<>();
    Supplier<Map<String, LivePod>> podList = () -> pods;
    final OrphanSweep sweep = new OrphanSweep(cloud, new PodDirectory() {
        @Override
        public boolean exists(PodRef pod) {
            return true;
        }

        @Override
        public Map<String, LivePod> livePods() {
            return podList.get();
        }
    }, sink, new KnownInstances(), new InstanceEvents(new Sequencer(100), Clock.systemUTC()), new SimpleMeterRegistry(),
            CLUSTER, List.of(REGION));

    void pass() {
        sweep.pass(REGION, cloud.listing(), id -> { });
    }

    @Test
    void anInstanceMissingFromTheListingButFoundByIdIsNotReported() {
        pods.put(LIVE.uid(), new LivePod(LIVE, "vk", "eci-untagged", false));
        cloud.untagged.add("eci-untagged"); // exists, without this cluster's tag (e.g. tagged before an upgrade)
        pass();
        pass();
        pass();
        assertThat(sink.published).isEmpty();
        assertThat(cloud.lookups).as("looked up by id").contains(List.of("eci-untagged"));

        cloud.untagged.clear(); // now it is really gone
        pass();
        assertThat(sink.published).extracting(e -> ((InstanceDeleted) e).reason()).containsExactly(InstanceDeleted.REASON_VANISHED);
    }

    @Test
    void aVanishedInstanceWhoseEventFailedIsReportedAtTheNextPass() {
        pods.put(LIVE.uid(), new LivePod(LIVE, "vk", "eci-lost", false));
        sink.failures = 1;
        pass();
        pass(); // decided: vanished; the publish fails
        assertThat(sink.published).isEmpty();
        pass();
        pass();
        assertThat(sink.published).extracting(e -> ((InstanceDeleted) e).instanceId()).containsExactly("eci-lost");
    }

    @Test
    void aDeletedOrphanWhoseEventFailedIsPublishedAtTheNextPass() {
        pods.put(LIVE.uid(), new LivePod(LIVE, "vk", null, false));
        cloud.tagged.put("eci-orphan", GONE);
        pass();
        sink.failures = 1;
        pass(); // deleted; the publish fails
        assertThat(cloud.tagged).isEmpty();
        assertThat(sink.published).isEmpty();
        pass();
        assertThat(sink.published).extracting(e -> ((InstanceDeleted) e).reason()).containsExactly(InstanceDeleted.REASON_ORPHAN_SWEPT);
        pass();
        assertThat(sink.published).hasSize(1);
    }

    @Test
    void anEmptyOrUnreadablePodListNeverDeletes() {
        cloud.tagged.put("eci-a", GONE);
        podList = Map::of;
        pass();
        pass();
        podList = () -> {
            throw new IllegalStateException("API server unreachable");
        };
        pass();
        pass();
        assertThat(cloud.deleted).isEmpty();
        assertThat(sink.published).isEmpty();
    }

    /** Fails the next {@code failures} publishes, then accepts. */
    static final class FlakySink implements InstanceEventSink {
        final List<InstanceEvent> published = new ArrayList<>();
        int failures;

        @Override
        public void publish(InstanceEvent event) {
            if (failures > 0) {
                failures--;
                throw new PublishFailed("broker down", null);
            }
            published.add(event);
        }
    }

    /** Instances carrying the cluster tag (listed) and instances without it (found only by id). */
    static final class Cloud extends UnusedCloud {
        final Map<String, PodRef> tagged = new HashMap<>();
        final Set<String> untagged = new HashSet<>();
        final List<List<String>> lookups = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        List<CloudInstance> listing() {
            return tagged.entrySet().stream().map(e -> instance(e.getKey(), e.getValue(), CLUSTER)).toList();
        }

        @Override
        public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String delete(String regionId, String instanceId, boolean force) {
            deleted.add(instanceId);
            tagged.remove(instanceId);
            return "req";
        }

        @Override
        public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
            lookups.add(List.copyOf(ids));
            List<CloudInstance> found = new ArrayList<>();
            for (String id : ids) {
                if (tagged.containsKey(id)) {
                    found.add(instance(id, tagged.get(id), CLUSTER));
                } else if (untagged.contains(id)) {
                    found.add(instance(id, LIVE, "default"));
                }
            }
            return new Page<>(found, null);
        }

        @Override
        public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }

        @Override
        public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }

        static CloudInstance instance(String id, PodRef pod, String cluster) {
            return new CloudInstance(id, "cg", REGION, null, "Running", 1.0, 2.0, null, null, null,
                    Map.of(Keys.TAG_CLUSTER_ID, cluster, Keys.TAG_POD_UID, pod.uid(), Keys.TAG_POD_NAMESPACE,
                            pod.namespace(), Keys.TAG_POD_NAME, pod.name()), null, null, null, null, null, null, null);
        }
    }
}
