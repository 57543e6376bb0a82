package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrphanSweeperTest {

    /** A pod of the cluster besides the ones a test is about: the pod list is never empty. */
    static final Map<String, LivePod> OTHER = Map.of("other", pod("other", null));

    static CloudInstance instance(String id, String podUid) {
        return instance(id, podUid, "c1");
    }

    static CloudInstance instance(String id, String podUid, String cluster) {
        Map<String, String> tags = new HashMap<>(Map.of(Keys.TAG_CLUSTER_ID, cluster));
        if (podUid != null) {
            tags.put(Keys.TAG_POD_UID, podUid);
            tags.put(Keys.TAG_POD_NAMESPACE, "ns");
            tags.put(Keys.TAG_POD_NAME, "pod-" + podUid);
        }
        return new CloudInstance(id, "n", "r", "z", "Running", 1.0, 2.0, null, null, null, tags, null, null, null,
                null, null, null, null);
    }

    static LivePod pod(String uid, String expectedInstance) {
        return new LivePod(new PodRef("ns", "pod-" + uid, uid), "vk", expectedInstance, false);
    }

    @Test
    void deletesAnOrphanOnlyAfterTwoConsecutivePassesAgree() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        List<CloudInstance> cloud = List.of(instance("eci-a", "a"), instance("eci-b", "b"), instance("eci-x", null));
        Map<String, LivePod> pods = Map.of("a", pod("a", null));
        assertThat(sweeper.pass(cloud, pods).orphansToDelete()).isEmpty();
        assertThat(sweeper.pass(cloud, pods).orphansToDelete()).extracting(CloudInstance::id).containsExactly("eci-b");
    }

    @Test
    void aStaleReadInBetweenResetsTheCount() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        List<CloudInstance> cloud = List.of(instance("eci-a", "a"));
        assertThat(sweeper.pass(cloud, OTHER).orphansToDelete()).isEmpty();      // stale: pod missing
        assertThat(sweeper.pass(cloud, Map.of("a", pod("a", null))).orphansToDelete()).isEmpty();
        assertThat(sweeper.pass(cloud, OTHER).orphansToDelete()).isEmpty();      // stale again: only one pass
        assertThat(sweeper.pass(cloud, OTHER).orphansToDelete()).hasSize(1);
    }

    @Test
    void reportsAVanishedInstanceOnceAfterTwoPasses() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        Map<String, LivePod> pods = Map.of("a", pod("a", "eci-a"), "t",
                new LivePod(new PodRef("ns", "t", "t"), "vk", "eci-t", true));
        assertThat(sweeper.pass(List.of(instance("eci-a", "a")), pods).vanished()).isEmpty();
        assertThat(sweeper.pass(List.of(), pods).vanished()).isEmpty();
        assertThat(sweeper.pass(List.of(), pods).vanished()).extracting(OrphanSweeper.Vanished::instanceId)
                .containsExactly("eci-a"); // the terminating pod is not reported
        sweeper.reported("eci-a");
        assertThat(sweeper.pass(List.of(), pods).vanished()).isEmpty();
    }

    @Test
    void aVanishedInstanceIsProposedAgainUntilItsEventIsPublished() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        Map<String, LivePod> pods = Map.of("a", pod("a", "eci-a"));
        sweeper.pass(List.of(), pods);
        assertThat(sweeper.pass(List.of(), pods).vanished()).hasSize(1); // its publish failed: not reported
        assertThat(sweeper.pass(List.of(), pods).vanished()).hasSize(1);
        sweeper.reported("eci-a");
        assertThat(sweeper.pass(List.of(), pods).vanished()).isEmpty();
    }

    @Test
    void anInstanceOfAnotherClusterIsNeverAnOrphanWhateverTheListingReturned() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        List<CloudInstance> cloud = List.of(instance("eci-theirs", "b", "c2"), instance("eci-ours", "c", "c1"));
        sweeper.pass(cloud, OTHER);
        assertThat(sweeper.pass(cloud, OTHER).orphansToDelete()).extracting(CloudInstance::id).containsExactly("eci-ours");
    }

    @Test
    void anEmptyPodListDecidesNothingAndCountsForNothing() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        List<CloudInstance> cloud = List.of(instance("eci-a", "a"));
        Map<String, LivePod> expecting = Map.of("p", pod("p", "eci-p"));
        assertThat(sweeper.pass(cloud, Map.of())).isEqualTo(new OrphanSweeper.Decision(List.of(), List.of()));
        assertThat(sweeper.pass(cloud, Map.of())).isEqualTo(new OrphanSweeper.Decision(List.of(), List.of()));
        assertThat(sweeper.pass(cloud, expecting).orphansToDelete()).as("first real pass").isEmpty();
        assertThat(sweeper.pass(List.of(), Map.of()).vanished()).isEmpty();
        assertThat(sweeper.pass(List.of(), expecting).vanished()).as("second real pass").hasSize(1);
    }

    @Test
    void aPodWhoseInstanceIsFoundByTagIsNotVanished() {
        OrphanSweeper sweeper = new OrphanSweeper("c1");
        Map<String, LivePod> pods = Map.of("a", pod("a", "eci-old"));
        sweeper.pass(List.of(instance("eci-new", "a")), pods);
        assertThat(sweeper.pass(List.of(instance("eci-new", "a")), pods).vanished()).isEmpty();
    }
}
