package io.vnode.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.vnode.contracts.instance.ContainerState;
import io.vnode.localkube.PodFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusMapperTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "-", value = {
            // status, container state, exit, cloud reason, expected waiting/running/terminated, reason, exit, ready cond, ContainersReady
            "Pending,        Waiting,    -, -,                 waiting,    ContainerCreating, -, False, False",
            "Pending,        Waiting,    -, ErrImagePull,      waiting,    ErrImagePull,      -, False, False",
            "Running,        Running,    -, -,                 running,    -,                 -, True,  True",
            "Succeeded,      Terminated, 0, -,                 terminated, Completed,         0, False, False",
            "Failed,         Terminated, 1, -,                 terminated, Error,             1, False, False",
            "Failed,         Terminated, 137, OOMKilled,       terminated, OOMKilled,         137, False, False",
    })
    void containerStatesAndReadiness(String status, String state, Integer exit, String cloudReason, String kind,
                                     String reason, Integer expectedExit, String ready, String containersReady) {
        Pod pod = Fixtures.pod();
        ContainerState cs = new ContainerState(state, cloudReason, null, exit, null, Fixtures.T0, Fixtures.T0.plusSeconds(5));
        PodStatus s = PodStatusMapper.map(Fixtures.status(pod, 1, status, cs, "Running".equals(status)), pod);
        ContainerStatus c = s.getContainerStatuses().get(0);
        assertThat(c.getImage()).isEqualTo("img:1");
        assertThat(c.getImageID()).isEqualTo("sha256:1");
        assertThat(c.getContainerID()).isEqualTo("containerd://1");
        assertThat(c.getRestartCount()).isEqualTo(1);
        assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        switch (kind) {
            case "waiting" -> assertThat(c.getState().getWaiting().getReason()).isEqualTo(reason);
            case "running" -> assertThat(c.getState().getRunning().getStartedAt()).isEqualTo("2026-11-23T10:00:00Z");
            default -> {
                assertThat(c.getState().getTerminated().getReason()).isEqualTo(reason);
                assertThat(c.getState().getTerminated().getExitCode()).isEqualTo(expectedExit);
            }
        }
        assertThat(cond(s, "Ready")).isEqualTo(ready);
        assertThat(cond(s, "ContainersReady")).isEqualTo(containersReady);
        assertThat(cond(s, "PodScheduled")).isEqualTo("True");
        assertThat(cond(s, "ContainerInstanceCreated")).isEqualTo("True");
        assertThat(s.getPodIP()).isEqualTo("10.0.6.68");
        assertThat(s.getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("10.0.6.68", "fd00::1");
        assertThat(s.getHostIP()).isEqualTo("10.0.6.68");
        assertThat(s.getStartTime()).isEqualTo("2026-11-23T10:00:20Z");
    }

    @Test
    void lastTransitionTimeIsKeptWhileAConditionDoesNotChange() {
        Pod pod = Fixtures.pod();
        pod.setStatus(PodStatusMapper.map(Fixtures.status(pod, 1, "Running", Fixtures.running(), true), pod));
        PodStatus later = PodStatusMapper.map(Fixtures.status(pod, 5, "Running", Fixtures.running(), true), pod);
        assertThat(later.getConditions()).filteredOn(c -> "Ready".equals(c.getType())).singleElement()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-23T10:00:10Z"));
        PodStatus done = PodStatusMapper.map(Fixtures.status(pod, 6, "Succeeded", Fixtures.terminated(0, null), false), pod);
        assertThat(done.getConditions()).filteredOn(c -> "Ready".equals(c.getType())).singleElement()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-23T10:01:00Z"));
    }

    @Test
    void schedulingInstanceIsNotCreatedYetAndContainersWait() {
        Pod pod = Fixtures.pod();
        PodStatus s = PodStatusMapper.map(Fixtures.status(pod, 1, "Scheduling", null, false), pod);
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(cond(s, "ContainerInstanceCreated")).isEqualTo("False");
        assertThat(s.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    }

    static Stream<Arguments> qos() {
        return Stream.of(
                Arguments.of("requests == limits (nginx cpu 2)", PodFixtures.nginxAcsByLabel(), "Burstable"),
                Arguments.of("gpu pod cpu+memory+gpu equal", PodFixtures.gpuByAcsLabel(), "Guaranteed"),
                Arguments.of("no requests (cuda: gpu limit only)", PodFixtures.cudaVectorAdd(), "BestEffort"),
                Arguments.of("no resources at all", PodFixtures.eciLabelledUseSpecs(), "BestEffort"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("qos")
    void qosClassFromRequestsAndLimits(String name, Pod pod, String expected) {
        assertThat(PodStatusMapper.qosClass(pod)).isEqualTo(expected);
    }

    private static String cond(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> type.equals(c.getType())).map(c -> c.getStatus()).findFirst().orElse(null);
    }
}
