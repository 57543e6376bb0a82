package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {

    static final Instance.Durations D = new Instance.Durations(100, 200, 50, 300);

    static Instance instance(String restartPolicy, Integer exitCode, long runFor) {
        ContainerRuntime c = new ContainerRuntime("main", "img", 1, 2, 0, exitCode, runFor, List.of("hello"));
        return new Instance(1, "eci-1", "pod", "cn-hangzhou", "cn-hangzhou-j", "vsw-1", null, new Spec(2, 4), null,
                "2-4Gi", null, null, "NoSpot", restartPolicy, 0x0A000002, List.of(), List.of(c), 1000, D);
    }

    static String statusAt(Instance i, long t) {
        Lifecycle.advance(i, t, x -> true);
        return i.status().wire();
    }

    @ParameterizedTest(name = "{0} runs forever: at {1} ms -> {2}")
    @CsvSource({"Always,1000,Scheduling", "Always,1099,Scheduling", "Always,1100,Pending", "Always,1299,Pending",
            "Always,1349,Pending", "Always,1350,Running", "Always,999999,Running"})
    void walksSchedulingPendingRunning(String policy, long at, String expected) {
        assertThat(statusAt(instance(policy, null, 0), at)).isEqualTo(expected);
    }

    /** Running starts at 1350; the container exits after 500 ms, at 1850. */
    @ParameterizedTest(name = "{0}, exit {1}: status {2}, restarts {3}")
    @CsvSource({
            "Never,0,Succeeded,0",
            "Never,3,Failed,0",
            "OnFailure,0,Succeeded,0",
            "OnFailure,3,Running,1",
            "Always,0,Running,1",
            "Always,3,Running,1"})
    void honoursRestartPolicy(String policy, int exitCode, String status, int restarts) {
        Instance i = instance(policy, exitCode, 500);
        assertThat(statusAt(i, 1849)).isEqualTo("Running");
        assertThat(statusAt(i, 1850)).isEqualTo(status);
        ContainerRuntime c = i.containers.get(0);
        assertThat(c.restartCount()).isEqualTo(restarts);
        if (restarts > 0) {
            assertThat(c.prevState()).isEqualTo(ContainerRuntime.State.TERMINATED);
            assertThat(c.prevExitCode()).isEqualTo(exitCode);
            assertThat(c.startedAt()).isEqualTo(1850);
        } else {
            assertThat(c.lastExitCode()).isEqualTo(exitCode);
            assertThat(c.finishedAt()).isEqualTo(1850);
        }
    }

    @Test
    void lateReadGivesTheSameHistoryAsTimelyReads() {
        Instance late = instance("Never", 0, 500);
        Instance timely = instance("Never", 0, 500);
        for (long t = 1000; t <= 3000; t += 10) {
            statusAt(timely, t);
        }
        statusAt(late, 3000);
        assertThat(late.succeededAt()).isEqualTo(timely.succeededAt()).isEqualTo(1850);
        assertThat(reasons(late)).isEqualTo(reasons(timely))
                .containsExactly("Scheduled", "Pulling", "Pulled", "Created", "Started");
    }

    @Test
    void alwaysRestartAggregatesStartedEventsAndKeepsAtMostFifty() {
        Instance i = instance("Always", 1, 10);
        statusAt(i, 1350 + 10 * 200);
        assertThat(i.containers.get(0).restartCount()).isEqualTo(200);
        assertThat(i.events().size()).isLessThanOrEqualTo(Instance.MAX_EVENTS);
    }

    @ParameterizedTest(name = "delete at {0} ms, force={1}: gone now {2}, then {3} at +300")
    @CsvSource({"1000,false,true,Gone", "1400,false,false,Gone", "1400,true,true,Gone", "1200,false,false,Gone"})
    void deleteGoesThroughTerminatingUnlessForcedOrUnplaced(long at, boolean force, boolean goneNow, String later) {
        Instance i = instance("Always", null, 0);
        statusAt(i, at);
        assertThat(Lifecycle.delete(i, at, force)).isEqualTo(goneNow);
        if (!goneNow) {
            assertThat(i.status()).isEqualTo(InstanceStatus.TERMINATING);
            assertThat(statusAt(i, at + 299)).isEqualTo("Terminating");
        }
        assertThat(statusAt(i, at + 300)).isEqualTo(later);
    }

    @Test
    void expireTerminatesContainersAndStops() {
        Instance i = instance("Always", null, 0);
        statusAt(i, 2000);
        assertThat(Lifecycle.expire(i, 2000)).isTrue();
        assertThat(statusAt(i, 9000)).isEqualTo("Expired");
        assertThat(i.expiredAt()).isEqualTo(2000);
        assertThat(i.containers.get(0).state()).isEqualTo(ContainerRuntime.State.TERMINATED);
        assertThat(Lifecycle.expire(i, 3000)).isFalse();
    }

    @Test
    void aFailingReadinessProbeMakesTheContainerNotReadyAndALivenessProbeRestartsIt() {
        Instance i = instance("Always", null, 0);
        statusAt(i, 2000);
        String name = i.containers.get(0).name();
        ContainerRuntime c = i.containers.get(0);
        assertThat(c.ready()).isTrue();
        assertThat(Lifecycle.probe(i, name, false, true, 2100)).isTrue();
        assertThat(c.ready()).isFalse();
        assertThat(c.state()).isEqualTo(ContainerRuntime.State.RUNNING);
        assertThat(Lifecycle.probe(i, name, false, false, 2200)).isTrue();
        assertThat(c.ready()).isTrue();
        assertThat(Lifecycle.probe(i, name, true, true, 2300)).isTrue();
        assertThat(c.restartCount()).isEqualTo(1);
        assertThat(c.prevExitCode()).isEqualTo(137);
        assertThat(c.state()).isEqualTo(ContainerRuntime.State.RUNNING);
        assertThat(reasons(i)).contains("Unhealthy");
        assertThat(Lifecycle.probe(i, "no-such-container", false, true, 2400)).isFalse();
    }

    @Test
    void stockGoneBeforePlacementFailsScheduling() {
        Instance i = instance("Always", null, 0);
        Lifecycle.advance(i, 5000, x -> false);
        assertThat(i.status()).isEqualTo(InstanceStatus.SCHEDULE_FAILED);
        assertThat(reasons(i)).containsExactly("NoStock");
    }

    private static List<String> reasons(Instance i) {
        List<String> out = new ArrayList<>();
        i.events().forEach(e -> out.add(e.kind().reason()));
        return out;
    }
}
