package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.emulator.domain.InstanceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodStatusRendererTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SCHEDULING,Pending", "SCHEDULE_FAILED,Failed", "PENDING,Pending", "RUNNING,Running",
            "SUCCEEDED,Succeeded", "FAILED,Failed", "TERMINATING,Running", "EXPIRED,Failed", "GONE,Failed"})
    void phaseOfEveryStatus(InstanceStatus status, String phase) {
        assertThat(PodStatusRenderer.phaseOf(status)).isEqualTo(phase);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {"0,null", "1700000000000,2023-11-14T22:13:20Z",
            "1700000000999,2023-11-14T22:13:20Z"})
    void timeIsToTheSecondAndAbsentWhenUnset(long millis, String wire) {
        assertThat(WireFormat.time(millis)).isEqualTo(wire);
    }
}
