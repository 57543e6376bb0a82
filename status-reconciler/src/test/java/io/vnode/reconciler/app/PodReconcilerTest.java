package io.vnode.reconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.domain.ReconcilerKeys;
import io.vnode.reconciler.it.Events;
import io.vnode.localkube.PodFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The kept copy of a pod: a pod's next batch starts from what this service wrote last (no read), a
 * copy made stale by another writer meets a 409 and is re-read, and deletion still completes.
 */
class PodReconcilerTest {

    static final InstanceSpec SPEC = InstanceSpec.ofCpuMemory(2, 4, null);

    /** One pod in memory, with resourceVersion preconditions as the API server enforces them. */
    static final class OnePodApi implements PodGateway {
        Pod stored;
        int version = 1;
        final AtomicInteger gets = new AtomicInteger();
        final List<String> writes = new ArrayList<>();

        OnePodApi(Pod pod) {
            stored = new PodBuilder(pod).editMetadata().withResourceVersion("1").endMetadata().build();
        }

        /** Someone else (kubectl, another controller) changes the pod. */
        synchronized void externalChange(java.util.function.UnaryOperator<Pod> change) {
            stored = bump(change.apply(new PodBuilder(stored).build()));
        }

        private Pod bump(Pod p) {
            version++;
            return new PodBuilder(p).editMetadata().withResourceVersion(Integer.toString(version)).endMetadata().build();
        }

        private void precondition(Pod current) {
            if (!stored.getMetadata().getResourceVersion().equals(current.getMetadata().getResourceVersion())) {
                throw new ConflictException("409", null);
            }
        }

        @Override
        public synchronized Optional<Pod> get(String namespace, String name) {
            gets.incrementAndGet();
            return Optional.ofNullable(stored).map(p -> new PodBuilder(p).build());
        }

        @Override
        public synchronized Pod writeStatus(Pod current, Pod desired) {
            if (java.util.Objects.equals(current.getStatus(), desired.getStatus())) {
                return current;
            }
            precondition(current);
            writes.add("status");
            stored = bump(new PodBuilder(stored).withStatus(desired.getStatus()).build());
            return new PodBuilder(stored).build();
        }

        @Override
        public synchronized Optional<Pod> writeAnnotations(Pod current, Pod desired) {
            precondition(current);
            writes.add("annotations");
            stored = bump(new PodBuilder(stored).editMetadata().addToAnnotations(desired.getMetadata().getAnnotations()).endMetadata().build());
            return Optional.of(new PodBuilder(stored).build());
        }

        @Override
        public synchronized void deleteNow(Pod pod) {
            writes.add("delete");
            stored = null;
        }
    }

    static PodReconciler reconciler(PodGateway api, int cacheSize) {
        return new PodReconciler(api, (pod, node, note) -> { }, usage -> { }, new UsageStore(10),
                new ReconcileMetrics(new SimpleMeterRegistry()), 5, cacheSize);
    }

    static Pod pod() {
        return new PodBuilder(PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), Events.NODE))
                .editMetadata().withUid("uid-1").withNamespace("default").endMetadata().build();
    }

    @Test
    void theNextBatchOfAPodStartsFromTheCopyWrittenLast() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        PodReconciler reconciler = reconciler(api, 100);

        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-1", SPEC)));
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 2, ComputeType.ECI, "eci-1", SPEC, "Pending",
                Events.waiting("ContainerCreating"), false, List.of())));
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 3, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));

        assertThat(api.gets).as("only the first batch reads the pod").hasValue(1);
        assertThat(api.stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(api.stored.getMetadata().getAnnotations()).containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "3");
        assertThat(reconciler.cachedPods()).isEqualTo(1);
    }

    @Test
    void withoutACacheEveryBatchReads() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        PodReconciler reconciler = reconciler(api, 0);
        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-1", SPEC)));
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 2, ComputeType.ECI, "eci-1", SPEC, "Pending",
                Events.waiting("ContainerCreating"), false, List.of())));
        assertThat(api.gets).hasValue(2);
    }

    @Test
    void aCopyMadeStaleByAnotherWriterIsReReadAndNothingOfTheOtherWriteIsLost() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        PodReconciler reconciler = reconciler(api, 100);
        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-1", SPEC)));
        api.externalChange(p -> new PodBuilder(p).editMetadata().addToAnnotations("team", "ml").addToLabels("x", "y").endMetadata().build());

        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 2, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));

        assertThat(api.gets).as("first read, then the re-read after the 409").hasValue(2);
        assertThat(api.stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(api.stored.getMetadata().getAnnotations()).containsEntry("team", "ml")
                .containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "2");
        assertThat(api.stored.getMetadata().getLabels()).containsEntry("x", "y");
    }

    @Test
    void deletionStartedAfterTheCopyWasKeptStillDeletesThePod() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        PodReconciler reconciler = reconciler(api, 100);
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 1, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));
        api.externalChange(p -> new PodBuilder(p).editMetadata().withDeletionTimestamp("2026-11-23T10:02:00Z")
                .withDeletionGracePeriodSeconds(30L).endMetadata().build());

        reconciler.reconcile(Events.ref(pod), List.of(Events.deleted(pod, 9, "eci-1", InstanceDeleted.REASON_DELETED)));

        assertThat(api.writes).endsWith("delete");
        assertThat(api.stored).isNull();
        assertThat(reconciler.cachedPods()).isZero();
    }

    @Test
    void aBatchTheCopyCallsStaleIsCheckedAgainstAFreshRead() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        PodReconciler reconciler = reconciler(api, 100);
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 5, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));
        int before = api.gets.get();
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 4, ComputeType.ECI, "eci-1", SPEC, "Pending",
                Events.waiting("ContainerCreating"), false, List.of())));
        assertThat(api.gets.get()).isEqualTo(before + 1);
        assertThat(api.stored.getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void theCacheIsBounded() {
        PodReconciler reconciler = null;
        List<OnePodApi> apis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Pod pod = new PodBuilder(pod()).editMetadata().withUid("uid-" + i).withName("p" + i).endMetadata().build();
            OnePodApi api = new OnePodApi(pod);
            apis.add(api);
            if (reconciler == null) {
                reconciler = reconciler(new Router(apis), 2);
            }
            reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-" + i, SPEC)));
        }
        assertThat(reconciler.cachedPods()).isEqualTo(2);
    }

    /** Routes by pod name to one of several one-pod APIs. */
    record Router(List<OnePodApi> apis) implements PodGateway {
        OnePodApi of(String name) {
            return apis.stream().filter(a -> a.stored.getMetadata().getName().equals(name)).findFirst().orElseThrow();
        }

        @Override
        public Optional<Pod> get(String namespace, String name) {
            return of(name).get(namespace, name);
        }

        @Override
        public Pod writeStatus(Pod current, Pod desired) {
            return of(current.getMetadata().getName()).writeStatus(current, desired);
        }

        @Override
        public Optional<Pod> writeAnnotations(Pod current, Pod desired) {
            return of(current.getMetadata().getName()).writeAnnotations(current, desired);
        }

        @Override
        public void deleteNow(Pod pod) {
            of(pod.getMetadata().getName()).deleteNow(pod);
        }
    }
}
