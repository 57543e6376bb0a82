package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fail strategies and the pending budget as tables. */
class FailStrategyTest {

    @ParameterizedTest(name = "{0}: after NoStock on spec {1} of {2} next spec {3}, retries {4}")
    @CsvSource(nullValues = "null", value = {
        "fail-fast, 0, 2, true,  false",
        "fail-fast, 1, 2, false, false",
        "fail-over, 0, 3, true,  true",
        "fail-over, 1, 3, true,  true",
        "fail-over, 2, 3, false, true",
        "fail-back, 0, 3, false, true",
        "fail-back, 0, 1, false, true",
        "FAIL-FAST, 0, 2, true,  false",
        "null,      0, 2, true,  true",
        "'',        0, 2, true,  true",
    })
    void strategies(String annotation, int index, int specs, boolean nextSpec, boolean retries) {
        FailStrategy s = FailStrategy.of(annotation);
        assertThat(s.triesSpecAfter(index, specs)).isEqualTo(nextSpec);
        assertThat(s.retries()).isEqualTo(retries);
    }

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "MaxPendingMinute {0}, waited {1} s: expired {2}, pause {3} s")
    @CsvSource(nullValues = "null", value = {
        "null, 0,     false, 15",
        "null, 60,    false, 30",
        "null, 600,   false, 120",
        "null, 14399, false, 1",
        "null, 14400, true,  0",
        "10,   599,   false, 1",
        "10,   600,   true,  0",
        "30,   1800,  true,  0",
        "5,    600,   true,  0",
        "2000, 86399, false, 1",
        "abc,  600,   false, 120",
    })
    void pendingBudget(String minutes, long waitedSeconds, boolean expired, long pauseSeconds) {
        PendingBudget b = PendingBudget.of(T0, minutes == null ? Map.of() : Map.of(PendingBudget.PARAMETER, minutes),
                Duration.ofSeconds(15), Duration.ofSeconds(120));
        Instant now = T0.plusSeconds(waitedSeconds);
        assertThat(b.expired(now)).isEqualTo(expired);
        assertThat(b.nextPause(now)).isEqualTo(Duration.ofSeconds(pauseSeconds));
    }
}
