package io.vnode.reconciler.domain;

import static io.vnode.reconciler.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.contracts.Keys;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.pod.PodRejected;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodEventRulesTest {

    static ReconcileOutcome run(Pod pod, VnodeEvent... events) {
        ReconcileOutcome s = ReconcileOutcome.start(pod);
        for (VnodeEvent e : events) {
            s = PodEventRules.apply(s, e);
        }
        return s;
    }

    static String phase(ReconcileOutcome s) {
        return s.pod().getStatus() == null ? null : s.pod().getStatus().getPhase();
    }

    static Stream<Arguments> sequences() {
        Pod p = Fixtures.pod();
        return Stream.of(
                Arguments.of("in order", p, List.of(Fixtures.status(p, 1, "Pending", null, false), Fixtures.status(p, 2, "Running", Fixtures.running(), true)), "Running", 0),
                Arguments.of("reordered: older after newer", p, List.of(Fixtures.status(p, 2, "Running", Fixtures.running(), true), Fixtures.status(p, 1, "Pending", null, false)), "Running", 1),
                Arguments.of("duplicate", p, List.of(Fixtures.status(p, 2, "Running", Fixtures.running(), true), Fixtures.status(p, 2, "Running", Fixtures.running(), true)), "Running", 1),
                Arguments.of("stale failure after running", p, List.of(Fixtures.status(p, 3, "Running", Fixtures.running(), true), Fixtures.failed(p, 2, false, "InvalidParameter")), "Running", 1),
                Arguments.of("terminal never reopened", p, List.of(Fixtures.status(p, 1, "Succeeded", Fixtures.terminated(0, null), false), Fixtures.status(p, 2, "Running", Fixtures.running(), true)), "Succeeded", 0),
                Arguments.of("permanent failure then running", p, List.of(Fixtures.failed(p, 1, false, "InvalidParameter.Image"), Fixtures.status(p, 2, "Running", Fixtures.running(), true)), "Failed", 0),
                Arguments.of("failure after terminal dropped", p, List.of(Fixtures.status(p, 1, "Succeeded", Fixtures.terminated(0, null), false), Fixtures.failed(p, 2, false, "X")), "Succeeded", 1),
                // two executor replicas: the watching one published the status before the creating one's InstanceCreated
                Arguments.of("status overtaken by its create", p, List.of(Fixtures.created(p, 5, ComputeType.ECI), Fixtures.status(p, 3, "Running", Fixtures.running(), true)), "Running", 0),
                Arguments.of("older status after the create and a newer status", p, List.of(Fixtures.created(p, 5, ComputeType.ECI),
                        Fixtures.status(p, 6, "Running", Fixtures.running(), true), Fixtures.status(p, 3, "Pending", null, false)), "Running", 1),
                Arguments.of("redelivered status after its create", p, List.of(Fixtures.status(p, 3, "Running", Fixtures.running(), true),
                        Fixtures.created(p, 5, ComputeType.ECI), Fixtures.status(p, 3, "Running", Fixtures.running(), true)), "Running", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void staleDuplicateAndTerminalRules(String name, Pod pod, List<VnodeEvent> events, String phase, int dropped) {
        ReconcileOutcome s = run(pod, events.toArray(VnodeEvent[]::new));
        assertThat(phase(s)).isEqualTo(phase);
        assertThat(s.dropped()).hasSize(dropped);
    }

    @Test
    void theLastAppliedSequenceSurvivesARestartOnThePod() {
        Pod p = Fixtures.pod();
        Pod applied = run(p, Fixtures.status(p, 5, "Running", Fixtures.running(), true)).pod();
        assertThat(applied.getMetadata().getAnnotations()).containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "5");
        ReconcileOutcome afterRestart = run(applied, Fixtures.status(p, 4, "Pending", null, false));
        assertThat(afterRestart.dropped()).singleElement().asString().contains("stale");
        assertThat(afterRestart.applied()).isZero();
    }

    /** A pod whose last event was applied before statuses had their own sequence keeps its bar for them. */
    @Test
    void aPodWithoutAStatusSequenceMeasuresStatusesByItsLastEvent() {
        Pod p = Fixtures.pod();
        Pod before = new PodBuilder(p).editMetadata().addToAnnotations(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "5").endMetadata().build();
        assertThat(run(before, Fixtures.status(p, 4, "Pending", null, false)).dropped()).singleElement().asString().contains("stale");
        ReconcileOutcome s = run(before, Fixtures.status(p, 6, "Running", Fixtures.running(), true));
        assertThat(s.pod().getMetadata().getAnnotations()).containsEntry(ReconcilerKeys.INSTANCE_STATUS_SEQUENCE, "6")
                .containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "6");
    }

    @Test
    void aStaleInstanceCreatedStillFillsTheAnnotationsThePodLacks() {
        Pod p = Fixtures.pod();
        ReconcileOutcome s = run(p, Fixtures.status(p, 3, "Running", Fixtures.running(), true), Fixtures.created(p, 1, ComputeType.ECI));
        assertThat(s.pod().getMetadata().getAnnotations()).containsEntry(Keys.ECI_CLIENT_TOKEN, "token-1")
                .containsEntry(Keys.ECI_REQUEST_ID, "req-1").containsEntry(ReconcilerKeys.INSTANCE_EVENT_SEQUENCE, "3");
        assertThat(phase(s)).isEqualTo("Running");
    }

    static Stream<Arguments> providerCreated() {
        Pod p = Fixtures.pod();
        return Stream.of(
                Arguments.of("created, then its status", p, List.of(Fixtures.created(p, 1, ComputeType.ECI),
                        Fixtures.status(p, 2, "Running", Fixtures.running(), true)), 1),
                Arguments.of("status overtook the create", p, List.of(Fixtures.status(p, 3, "Running", Fixtures.running(), true),
                        Fixtures.created(p, 1, ComputeType.ECI)), 1),
                Arguments.of("the same instance confirmed again", p, List.of(Fixtures.created(p, 1, ComputeType.ECI),
                        Fixtures.created(p, 4, ComputeType.ECI)), 1),
                Arguments.of("a redelivered create", p, List.of(Fixtures.created(p, 1, ComputeType.ECI),
                        Fixtures.created(p, 1, ComputeType.ECI)), 1),
                Arguments.of("a create after the pod ended", p, List.of(Fixtures.status(p, 3, "Succeeded", Fixtures.terminated(0, null), false),
                        Fixtures.created(p, 1, ComputeType.ECI)), 0));
    }

    /** One ProviderCreated Event per instance, whichever order its create and status arrive in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providerCreated")
    void theCreateIsToldOncePerInstance(String name, Pod pod, List<VnodeEvent> events, int told) {
        ReconcileOutcome s = ReconcileOutcome.start(pod);
        int notes = 0;
        for (VnodeEvent e : events) {
            s = PodEventRules.apply(s, e);
            notes += (int) s.notes().stream().filter(n -> "ProviderCreated".equals(n.reason())).count();
            s = ReconcileOutcome.start(s.pod()); // each event its own batch, as written
        }
        assertThat(notes).isEqualTo(told);
    }

    /** The cloud's events become the pod's, but for its Normal Scheduled (kube-scheduler's and ProviderCreated say it). */
    @Test
    void theCloudsEventsAreMirroredButForItsScheduled() throws Exception {
        Pod p = Fixtures.pod();
        io.vnode.contracts.instance.InstanceStatusChanged s = withEvents(Fixtures.status(p, 1, "Running", Fixtures.running(), true), List.of(
                new io.vnode.contracts.instance.CloudEvent("Normal", "Scheduled", "Successfully assigned eci-1 to cn-hangzhou-k", 1, T0, T0),
                new io.vnode.contracts.instance.CloudEvent("Normal", "Pulling", "pulling image \"nginx\"", 1, T0, T0),
                new io.vnode.contracts.instance.CloudEvent("Warning", "Scheduled", "placement retried", 2, T0, T0)));
        assertThat(run(p, s).notes()).extracting(n -> n.type() + " " + n.reason()).containsExactly("Normal Pulling", "Warning Scheduled");
    }

    static io.vnode.contracts.instance.InstanceStatusChanged withEvents(io.vnode.contracts.instance.InstanceStatusChanged s,
                                                                         List<io.vnode.contracts.instance.CloudEvent> events) throws Exception {
        java.lang.reflect.RecordComponent[] parts = s.getClass().getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            values[i] = parts[i].getName().equals("events") ? events : parts[i].getAccessor().invoke(s);
        }
        return s.getClass().getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void anEventForAnotherIncarnationOfThePodIsDropped() {
        Pod p = Fixtures.pod();
        Pod recreated = new PodBuilder(p).editMetadata().withUid("another-uid").endMetadata().build();
        assertThat(run(recreated, Fixtures.status(p, 1, "Running", Fixtures.running(), true)).dropped()).singleElement().asString().contains("re-created");
        assertThat(run(null, Fixtures.status(p, 1, "Running", Fixtures.running(), true)).dropped()).singleElement().asString().contains("not found");
    }

    static Stream<Arguments> failures() {
        Pod p = Fixtures.pod();
        return Stream.of(
                Arguments.of("NoStock retryable", p, Fixtures.failed(p, 1, true, "NoStock"), "Pending", null, "NoStock", null),
                Arguments.of("Throttling retryable", p, Fixtures.failed(p, 1, true, "Throttling.User"), "Pending", null, "Throttling.User", null),
                Arguments.of("InvalidParameter permanent", p, Fixtures.failed(p, 1, false, "InvalidParameter.Image"), "Failed", "ProviderFailed", "ProviderFailed", "InvalidParameter.Image"),
                Arguments.of("NoStock under fail-fast", p, Fixtures.failed(p, 1, false, "ContainerGroup.NoStock"), "Failed",
                        "ContainerInstanceScheduleFailed", "ContainerInstanceScheduleFailed", "ContainerGroup.NoStock"),
                Arguments.of("max pending passed", p, Fixtures.failed(p, 1, false, "MaxPendingMinuteExceeded"), "Failed",
                        "ContainerInstanceScheduleFailed", "ContainerInstanceScheduleFailed", "MaxPendingMinuteExceeded"),
                Arguments.of("StockClose permanent", p, Fixtures.failed(p, 1, false, "StockClose"), "Failed",
                        "ContainerInstanceScheduleFailed", "ContainerInstanceScheduleFailed", "StockClose"),
                Arguments.of("Arrearage permanent", p, Fixtures.failed(p, 1, false, "Account.Arrearage"), "Failed", "ProviderFailed", "ProviderFailed", "Account.Arrearage"),
                Arguments.of("rejection", p, new PodRejected("r", Fixtures.ref(p), "vk", T0, 9, null, "DaemonSetNotSupported", "DaemonSet pods do not run on the virtual node"),
                        "Failed", "DaemonSetNotSupported", "DaemonSetNotSupported", "DaemonSetNotSupported"),
                Arguments.of("vanished", p, Fixtures.deleted(p, 1, InstanceDeleted.REASON_VANISHED), "Failed", "InstanceVanished", "InstanceVanished", "InstanceVanished"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failuresReachThePodWithAReasonAndAWarning(String name, Pod pod, VnodeEvent event, String phase, String reason,
                                                   String warning, String failureAnnotation) {
        ReconcileOutcome s = run(pod, event);
        assertThat(phase(s)).isEqualTo(phase);
        assertThat(s.pod().getStatus().getReason()).isEqualTo(reason);
        assertThat(s.notes()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("Warning");
            assertThat(n.reason()).isEqualTo(warning);
            assertThat(n.message()).isNotBlank();
        });
        assertThat(s.pod().getMetadata().getAnnotations().get(Keys.FAILURE_REASON)).isEqualTo(failureAnnotation);
    }

    static Stream<Arguments> referenceWaits() {
        return Stream.of(
                Arguments.of("CreateContainerConfigError", "CreateContainerConfigError", "secret \"db\" not found (container c, env P)",
                        "Failed", "Error: secret \"db\" not found (container c, env P)"),
                Arguments.of("FailedMount", "ContainerCreating", null, "FailedMount", "secret \"db\" not found (container c, env P)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceWaits")
    void aPodWaitingForAConfigMapOrSecretShowsItAsAKubeletDoesAndThenRuns(String code, String containerReason,
                                                                          String containerMessage, String eventReason,
                                                                          String eventMessage) {
        Pod p = Fixtures.pod();
        InstanceCreateFailed wait = new InstanceCreateFailed("f1", Fixtures.ref(p), "vk", T0, 1, null, true, code,
                "secret \"db\" not found (container c, env P)", null, List.of(), 0);

        ReconcileOutcome s = run(p, wait);

        assertThat(phase(s)).isEqualTo("Pending");
        assertThat(s.pod().getStatus().getReason()).isNull();
        assertThat(s.pod().getStatus().getContainerStatuses()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getState().getWaiting().getReason()).isEqualTo(containerReason);
            assertThat(c.getState().getWaiting().getMessage()).isEqualTo(containerMessage);
        });
        assertThat(s.pod().getStatus().getConditions()).filteredOn(c -> c.getType().equals(ReconcilerKeys.CONTAINER_INSTANCE_CREATED))
                .singleElement().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(code);
                });
        assertThat(s.notes()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("Warning");
            assertThat(n.reason()).isEqualTo(eventReason);
            assertThat(n.message()).isEqualTo(eventMessage);
        });

        ReconcileOutcome started = run(p, wait, Fixtures.created(p, 2, ComputeType.ECI),
                Fixtures.status(p, 3, "Running", Fixtures.running(), true));
        assertThat(phase(started)).isEqualTo("Running");
        assertThat(started.pod().getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    }

    @Test
    void deletionOfADeletingPodDeletesItAndStopsBilling() {
        Pod p = new PodBuilder(Fixtures.pod()).editMetadata().withDeletionTimestamp("2026-11-23T10:05:00Z").endMetadata().build();
        ReconcileOutcome s = run(p, Fixtures.status(p, 1, "Running", Fixtures.running(), true), Fixtures.deleted(p, 9, InstanceDeleted.REASON_DELETED));
        assertThat(s.deletePod()).isTrue();
        assertThat(s.usage()).singleElement().satisfies(u -> {
            assertThat(u.start()).isEqualTo(T0.plusSeconds(20));
            assertThat(u.stop()).isEqualTo(T0.plusSeconds(89));
            assertThat(u.vcpuSeconds()).isEqualTo(138.0);
            assertThat(u.gibSeconds()).isEqualTo(276.0);
        });
    }

    @Test
    void aJobRunsToSucceededWithBothMarksAndOneUsageRecord() {
        Pod p = Fixtures.pod();
        ReconcileOutcome s = run(p, Fixtures.created(p, 1, ComputeType.ECI), Fixtures.status(p, 2, "Pending", null, false),
                Fixtures.status(p, 3, "Running", Fixtures.running(), true), Fixtures.status(p, 4, "Succeeded", Fixtures.terminated(0, null), false),
                Fixtures.status(p, 5, "Succeeded", Fixtures.terminated(0, null), false));
        assertThat(phase(s)).isEqualTo("Succeeded");
        assertThat(s.pod().getMetadata().getAnnotations()).containsEntry(Keys.BILLING_START, "2026-11-23T10:00:20Z")
                .containsEntry(Keys.BILLING_STOP, "2026-11-23T10:00:40Z");
        assertThat(s.usage()).hasSize(1);
        assertThat(s.pod().getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
    }
}
