package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.CloudEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.ContainerState;
import io.vnode.contracts.instance.ContainerStatus;
import io.vnode.contracts.instance.InstanceStatusChanged;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Map<String, String> TAGS = Map.of(Keys.TAG_POD_UID, "uid-1", Keys.TAG_POD_NAMESPACE, "default",
            Keys.TAG_POD_NAME, "web", Keys.TAG_VIRTUAL_NODE, "vk-1", Keys.TAG_CLUSTER_ID, "c1");

    static CloudInstance instance(String status, String ip, List<ContainerStatus> containers, List<CloudEvent> events) {
        return new CloudInstance("eci-1", "default-web", "cn-hangzhou", "cn-hangzhou-k", status, 2.0, 4.0, null, ip,
                null, TAGS, containers, List.of(), events, T0, null, null, null);
    }

    /** Observes as the watcher does: a change's event is published, then recorded. */
    static Optional<InstanceStatusChanged> seen(StatusTracker tracker, CloudInstance i, Instant now) {
        return seen(tracker, i, now, tracker.ticket());
    }

    static Optional<InstanceStatusChanged> seen(StatusTracker tracker, CloudInstance i, Instant now, long ticket) {
        Optional<InstanceStatusChanged> change = tracker.observe(i, now, ticket);
        change.ifPresent(e -> tracker.published(i, ticket));
        return change;
    }

    static final ContainerStatus RUNNING = new ContainerStatus("main", "nginx", null, null, true, 0,
            new ContainerState("Running", null, null, null, null, T0.plusSeconds(5), null), null);
    static final CloudInstance BASE = instance("Running", "10.0.0.5", List.of(RUNNING), List.of());

    static Stream<Arguments> changes() {
        ContainerStatus restarted = new ContainerStatus("main", "nginx", null, null, true, 1, RUNNING.current(), null);
        CloudEvent pulled = new CloudEvent("Normal", "Pulled", "pulled nginx", 1, T0, T0);
        return Stream.of(
                Arguments.of("same state", (UnaryOperator<CloudInstance>) i -> i, false),
                Arguments.of("status", (UnaryOperator<CloudInstance>) i -> instance("Succeeded", "10.0.0.5", i.containers(), i.events()), true),
                Arguments.of("ip", (UnaryOperator<CloudInstance>) i -> instance("Running", "10.0.0.6", i.containers(), i.events()), true),
                Arguments.of("container restart", (UnaryOperator<CloudInstance>) i -> instance("Running", "10.0.0.5", List.of(restarted), i.events()), true),
                Arguments.of("new event", (UnaryOperator<CloudInstance>) i -> instance("Running", "10.0.0.5", i.containers(), List.of(pulled)), true));
    }

    @ParameterizedTest(name = "{0} -> event {2}")
    @MethodSource("changes")
    void emitsOnlyWhenSomethingChanged(String what, UnaryOperator<CloudInstance> change, boolean emits) {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        assertThat(seen(tracker, BASE, T0)).isPresent();
        assertThat(seen(tracker, change.apply(BASE), T0.plusSeconds(1)).isPresent()).isEqualTo(emits);
    }

    @Test
    void theEventCarriesThePodFromTheTagsAndAGrowingSequence() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        InstanceStatusChanged first = seen(tracker, instance("Pending", null, List.of(), List.of()), T0).orElseThrow();
        // the clock goes back: the sequence still grows
        InstanceStatusChanged second = seen(tracker, BASE, T0.minusSeconds(30)).orElseThrow();
        assertThat(first.pod().uid()).isEqualTo("uid-1");
        assertThat(first.pod().namespace()).isEqualTo("default");
        assertThat(first.virtualNode()).isEqualTo("vk-1");
        assertThat(first.computeType()).isEqualTo(ComputeType.ECI);
        assertThat(first.spec().name()).isEqualTo("2-4Gi");
        assertThat(second.sequence()).isGreaterThan(first.sequence());
        assertThat(second.startTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(second.intranetIp()).isEqualTo("10.0.0.5");
    }

    @Test
    void anInstanceWithoutPodTagsIsIgnoredAndForgettingStartsOver() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        CloudInstance foreign = new CloudInstance("eci-x", "x", "r", "z", "Running", 1.0, 2.0, null, null, null,
                Map.of(Keys.TAG_CLUSTER_ID, "c1"), null, null, null, T0, null, null, null);
        assertThat(seen(tracker, foreign, T0)).isEmpty();
        assertThat(seen(tracker, BASE, T0)).isPresent();
        assertThat(tracker.forget("eci-1")).isTrue();
        assertThat(seen(tracker, BASE, T0)).isPresent();
        assertThat(tracker.retainOnly(java.util.Set.of())).containsExactly("eci-1");
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aSnapshotFetchedBeforeTheOneSeenIsIgnored() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        long listingPage = tracker.ticket(); // a full listing fetched its page first (Pending) ...
        long poll = tracker.ticket(); // ... the poll fetched later and saw Running
        CloudInstance pending = instance("Pending", null, List.of(), List.of());
        assertThat(seen(tracker, BASE, T0, poll)).isPresent();
        assertThat(seen(tracker, pending, T0, listingPage)).as("older page").isEmpty();
        assertThat(seen(tracker, BASE, T0.plusSeconds(1))).as("Running still what was seen").isEmpty();
        assertThat(seen(tracker, pending, T0.plusSeconds(2), tracker.ticket())).as("a fresh change is one").isPresent();
    }

    @Test
    void aListingKeepsWhatThePollSawWhileItPagedAndForgetClearsThePod() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        CloudInstance other = new CloudInstance("eci-2", "p2", "r", "z", "Running", 1.0, 2.0, null, null, null,
                Map.of(Keys.TAG_CLUSTER_ID, "c1", Keys.TAG_POD_UID, "uid-2", Keys.TAG_POD_NAMESPACE, "default",
                        Keys.TAG_POD_NAME, "p2", Keys.TAG_VIRTUAL_NODE, "vk-1"), null, null, null, T0, null, null, null);
        assertThat(seen(tracker, BASE, T0)).isPresent();
        long listedFrom = tracker.ticket();
        assertThat(seen(tracker, other, T0)).isPresent(); // created and polled while the listing paged
        assertThat(tracker.retainOnly(java.util.Set.of(), listedFrom)).containsExactly("eci-1");
        assertThat(tracker.instanceByPod()).containsOnlyKeys("uid-2");
        assertThat(tracker.forget("eci-2")).isTrue();
        assertThat(tracker.instanceByPod()).isEmpty();
    }

    @Test
    void aChangeIsRecordedOnlyOnceItsEventIsPublished() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        assertThat(tracker.observe(BASE, T0, tracker.ticket())).as("publish failed").isPresent();
        long ticket = tracker.ticket();
        assertThat(tracker.observe(BASE, T0.plusSeconds(1), ticket)).as("still a change").isPresent();
        tracker.published(BASE, ticket);
        assertThat(tracker.observe(BASE, T0.plusSeconds(2), tracker.ticket())).as("published: no change").isEmpty();
        assertThat(tracker.instanceByPod()).containsEntry("uid-1", "eci-1");
    }

    /**
     * The poll fetched Running, then the create reported InstanceCreated (a higher sequence) and forgot the
     * instance, then the poll published its Running event, which the reconciler can drop as stale: that
     * snapshot is not recorded, so the next observation publishes Running again, above the create.
     */
    @Test
    void aSnapshotFetchedBeforeAForgetIsNotRecordedWhenPublishedAfterIt() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        long fetched = tracker.ticket();
        assertThat(tracker.observe(BASE, T0, fetched)).isPresent();
        tracker.forget("eci-1");
        tracker.published(BASE, fetched);
        assertThat(tracker.observe(BASE, T0.plusSeconds(1), tracker.ticket())).as("published again").isPresent();

        long after = tracker.ticket();
        tracker.published(BASE, after);
        assertThat(tracker.observe(BASE, T0.plusSeconds(2), tracker.ticket())).as("fetched after the forget: recorded").isEmpty();
    }

    @Test
    void anOlderPublishedSnapshotDoesNotOverwriteANewerOne() {
        StatusTracker tracker = new StatusTracker(new Sequencer(100));
        CloudInstance pending = instance("Pending", null, List.of(), List.of());
        long older = tracker.ticket();
        long newer = tracker.ticket();
        seen(tracker, BASE, T0, newer);
        tracker.published(pending, older);
        assertThat(tracker.observe(BASE, T0.plusSeconds(1), tracker.ticket())).isEmpty();
    }

    @Test
    void sequencerIsStrictlyIncreasingPerPod() {
        Sequencer s = new Sequencer(2);
        long a = s.next("p", 100);
        long b = s.next("p", 50);
        long c = s.next("q", 10);
        assertThat(b).isGreaterThan(a);
        assertThat(c).isEqualTo(10);
        assertThat(Optional.of(s.next("p", 200))).contains(200L);
    }
}
