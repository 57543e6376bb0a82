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
    static class OnePodApi implements PodGateway {
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
        public synchronized Optional<Pod> write(Pod current, Pod desired) {
            java.util.Map<String, String> had = current.getMetadata().getAnnotations() == null ? java.util.Map.of()
                    : current.getMetadata().getAnnotations();
            boolean annotationsChanged = desired.getMetadata().getAnnotations() != null && desired.getMetadata().getAnnotations()
                    .entrySet().stream().anyMatch(e -> e.getValue() != null && !e.getValue().equals(had.get(e.getKey())));
            if (java.util.Objects.equals(current.getStatus(), desired.getStatus()) && !annotationsChanged) {
                return Optional.of(current);
            }
            precondition(current);
            writes.add("write");
            stored = bump(new PodBuilder(stored).withStatus(desired.getStatus()).editMetadata()
                    .addToAnnotations(desired.getMetadata().getAnnotations()).endMetadata().build());
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
    void eachBatchIsOneWriteOfStatusAndAnnotationsThenItsEvents() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        List<String> order = new ArrayList<>();
        PodReconciler reconciler = new PodReconciler(new PodGateway() {
            public Optional<Pod> get(String namespace, String name) {
                return api.get(namespace, name);
            }

            public Optional<Pod> write(Pod current, Pod desired) {
                order.add("write");
                return api.write(current, desired);
            }

            public void deleteNow(Pod p) {
                api.deleteNow(p);
            }
        }, (p, node, note) -> order.add("event " + note.reason()), usage -> { }, new UsageStore(10),
                new ReconcileMetrics(new SimpleMeterRegistry()), 5, 100);

        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-1", SPEC)));
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 2, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));

        assertThat(order).containsExactly("write", "event ProviderCreated", "write");
        assertThat(api.writes).containsExactly("write", "write");
        assertThat(api.stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(api.stored.getMetadata().getAnnotations()).containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "2");
    }

    @Test
    void aBatchReFoldedAfterAConflictRecordsItsEventsOnce() {
        Pod pod = pod();
        OnePodApi api = new OnePodApi(pod);
        List<String> recorded = new ArrayList<>();
        PodReconciler reconciler = new PodReconciler(api, (p, node, note) -> recorded.add(note.reason()), usage -> { },
                new UsageStore(10), new ReconcileMetrics(new SimpleMeterRegistry()), 5, 100);
        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 1, ComputeType.ECI, "eci-1", SPEC, "Pending",
                Events.waiting("ContainerCreating"), false, List.of())));
        api.externalChange(p -> new PodBuilder(p).editMetadata().addToLabels("x", "y").endMetadata().build());
        recorded.clear();

        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 2, ComputeType.ECI, "eci-1", SPEC)));

        assertThat(api.gets).as("the kept copy met a 409 and the batch was re-read").hasValue(2);
        assertThat(recorded).containsExactly("ProviderCreated");
        assertThat(api.stored.getMetadata().getAnnotations()).containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "2");
    }

    @Test
    void aWriteFromTheKeptCopyThatTheServerRefusesIsDecidedAgainFromAFreshRead() {
        Pod pod = pod();
        AtomicInteger refusals = new AtomicInteger(1);
        OnePodApi api = new OnePodApi(pod) {
            @Override
            public synchronized Optional<Pod> write(Pod current, Pod desired) {
                if (refusals.getAndDecrement() == 0) {
                    throw new io.fabric8.kubernetes.client.KubernetesClientException("HTTP 422", 422, null);
                }
                return super.write(current, desired);
            }
        };
        PodReconciler reconciler = reconciler(api, 100);
        reconciler.reconcile(Events.ref(pod), List.of(Events.created(pod, 1, ComputeType.ECI, "eci-1", SPEC)));

        reconciler.reconcile(Events.ref(pod), List.of(Events.status(pod, 2, ComputeType.ECI, "eci-1", SPEC, "Running",
                Events.running(Events.T0.plusSeconds(25)), true, List.of())));

        assertThat(api.gets).as("the first batch's read, then the fresh read after the refusal").hasValue(2);
        assertThat(api.stored.getStatus().getPhase()).isEqualTo("Running");
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
        public Optional<Pod> write(Pod current, Pod desired) {
            return of(current.getMetadata().getName()).write(current, desired);
        }

        @Override
        public void deleteNow(Pod pod) {
            of(pod.getMetadata().getName()).deleteNow(pod);
        }
    }
}
