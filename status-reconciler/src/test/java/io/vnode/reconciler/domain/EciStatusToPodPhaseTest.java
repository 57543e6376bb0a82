package io.vnode.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EciStatusToPodPhaseTest {

    @ParameterizedTest(name = "{0} (restartPolicy {1}, fail strategy {2}) -> {3} {4}")
    @CsvSource(nullValues = "-", value = {
            "Scheduling,     Always, -,         Pending,   -",
            "Pending,        Always, -,         Pending,   -",
            "Running,        Always, -,         Running,   -",
            "Restarting,     Always, -,         Running,   -",
            "Updating,       Always, -,         Running,   -",
            "Terminating,    Always, -,         Running,   -",
            "Succeeded,      Never,  -,         Succeeded, -",
            "Failed,         Never,  -,         Failed,    -",
            "Expired,        Always, -,         Failed,    Expired",
            "ScheduleFailed, Always, -,         Pending,   ScheduleFailed",
            "ScheduleFailed, Always, fail-back, Pending,   ScheduleFailed",
            "ScheduleFailed, Always, fail-over, Pending,   ScheduleFailed",
            "ScheduleFailed, Always, fail-fast, Failed,    ScheduleFailed",
            "ScheduleFailed, Always, Fail-Fast, Failed,    ScheduleFailed",
            "ScheduleFailed, Never,  -,         Failed,    ScheduleFailed",
            "ScheduleFailed, OnFailure, -,      Pending,   ScheduleFailed",
            "Whatever,       Always, -,         Pending,   UnknownInstanceStatus",
    })
    void mapsEveryCloudStatus(String status, String restartPolicy, String failStrategy, String phase, String reason) {
        PhaseDecision d = EciStatus.eciStatusToPodPhase(status, restartPolicy, failStrategy);
        assertThat(d.phase()).isEqualTo(phase);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.message() != null).isEqualTo(reason != null);
    }

    @ParameterizedTest
    @CsvSource({"Scheduling,false,false", "Pending,true,false", "Running,true,false", "Restarting,true,false",
            "Updating,true,false", "Terminating,true,false", "Succeeded,false,true", "Failed,false,true",
            "Expired,false,true", "ScheduleFailed,false,false"})
    void billedStatesFollowTheEciLifecycleTable(String status, boolean billed, boolean endsBilling) {
        assertThat(EciStatus.billed(status)).isEqualTo(billed);
        assertThat(EciStatus.endsBilling(status)).isEqualTo(endsBilling);
    }
}
