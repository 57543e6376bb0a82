package io.vnode.reconciler.domain;

import static io.vnode.reconciler.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.InstanceDeleted;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingMarksTest {

    static final Pod POD = Fixtures.pod();

    @ParameterizedTest(name = "{0}/{1} + {2} -> {3}/{4}")
    @CsvSource(nullValues = "-", value = {
            // start, stop, status (seq 4: at T0+40, startTime T0+20), expected start, stop
            "-,                    -, Scheduling,     -,                    -",
            "-,                    -, Pending,        2026-11-23T10:00:20Z, -",
            "-,                    -, Running,        2026-11-23T10:00:20Z, -",
            "-,                    -, Restarting,     2026-11-23T10:00:20Z, -",
            "-,                    -, Terminating,    2026-11-23T10:00:20Z, -",
            "2026-11-23T10:00:10Z, -, Running,        2026-11-23T10:00:10Z, -",
            "2026-11-23T10:00:10Z, -, Succeeded,      2026-11-23T10:00:10Z, 2026-11-23T10:00:40Z",
            "2026-11-23T10:00:10Z, -, Failed,         2026-11-23T10:00:10Z, 2026-11-23T10:00:40Z",
            "2026-11-23T10:00:10Z, -, Expired,        2026-11-23T10:00:10Z, 2026-11-23T10:00:40Z",
            "-,                    -, Succeeded,      2026-11-23T10:00:20Z, 2026-11-23T10:00:40Z",
            "2026-11-23T10:00:10Z, 2026-11-23T10:00:30Z, Failed, 2026-11-23T10:00:10Z, 2026-11-23T10:00:30Z",
            "-,                    -, ScheduleFailed, -,                    -",
    })
    void marksOnStatus(String start, String stop, String status, String expectedStart, String expectedStop) {
        BillingMarks m = new BillingMarks(start == null ? null : Instant.parse(start), stop == null ? null : Instant.parse(stop));
        BillingMarks next = m.onStatus(Fixtures.status(POD, 4, status, null, false));
        assertThat(next.start()).isEqualTo(expectedStart == null ? null : Instant.parse(expectedStart));
        assertThat(next.stop()).isEqualTo(expectedStop == null ? null : Instant.parse(expectedStop));
    }

    @Test
    void deletionStopsOnlyWhileBilled() {
        InstanceDeleted d = Fixtures.deleted(POD, 9, InstanceDeleted.REASON_DELETED);
        assertThat(BillingMarks.NONE.onDeleted(d)).isEqualTo(BillingMarks.NONE);
        assertThat(new BillingMarks(T0, null).onDeleted(d).stop()).isEqualTo(T0.plusSeconds(89));
        assertThat(new BillingMarks(T0, T0.plusSeconds(5)).onDeleted(d).stop()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void roundTripsThroughRfc3339Annotations() {
        BillingMarks m = new BillingMarks(T0.plusMillis(20_400), T0.plusSeconds(1784));
        Map<String, String> a = m.toAnnotations();
        assertThat(a).containsEntry(Keys.BILLING_START, "2026-11-23T10:00:20Z").containsEntry(Keys.BILLING_STOP, "2026-11-23T10:29:44Z");
        assertThat(BillingMarks.from(a)).isEqualTo(new BillingMarks(T0.plusSeconds(20), T0.plusSeconds(1784)));
        assertThat(BillingMarks.from(Map.of(Keys.BILLING_START, "garbage"))).isEqualTo(BillingMarks.NONE);
    }
}
