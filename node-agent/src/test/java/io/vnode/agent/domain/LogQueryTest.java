package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogQueryTest {

    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of(Map.of(), new LogQuery(false, null, null, null, false, false)),
                Arguments.of(Map.of("follow", "true", "tailLines", "10", "timestamps", "true"),
                        new LogQuery(true, 10, null, null, true, false)),
                Arguments.of(Map.of("sinceSeconds", "90"), new LogQuery(false, null, NOW.minusSeconds(90), null, false, false)),
                Arguments.of(Map.of("sinceTime", "2026-12-03T09:00:00Z", "limitBytes", "100", "previous", "true"),
                        new LogQuery(false, null, Instant.parse("2026-12-03T09:00:00Z"), 100L, false, true)),
                Arguments.of(Map.of("tailLines", "0"), new LogQuery(false, 0, null, null, false, false)));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void readsWhatKubectlSends(Map<String, String> params, LogQuery expected) {
        assertThat(LogQuery.of(params, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Map.of("sinceSeconds", "5", "sinceTime", "2026-12-03T09:00:00Z"), "at most one of sinceTime or sinceSeconds"),
                Arguments.of(Map.of("sinceSeconds", "0"), "sinceSeconds must be greater than 0, not 0"),
                Arguments.of(Map.of("sinceTime", "yesterday"), "sinceTime must be an RFC 3339 time, not yesterday"),
                Arguments.of(Map.of("tailLines", "-1"), "tailLines must be 0 or more, not -1"),
                Arguments.of(Map.of("limitBytes", "x"), "limitBytes must be a whole number, not x"),
                Arguments.of(Map.of("limitBytes", "0"), "limitBytes must be greater than 0, not 0"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesBadValuesSayingWhich(Map<String, String> params, String message) {
        assertThatThrownBy(() -> LogQuery.of(params, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void pollingSharesTheQuotaAmongTheFollowedLogs() {
        LogPolling polling = new LogPolling(300, java.time.Duration.ofSeconds(1));
        assertThat(polling.interval(0)).hasSeconds(1);
        assertThat(polling.interval(5)).hasSeconds(1);
        assertThat(polling.interval(10)).hasSeconds(2);
        assertThat(polling.interval(300)).hasSeconds(60);
        assertThatThrownBy(() -> new LogPolling(0, java.time.Duration.ofSeconds(1))).hasMessageContaining("at least 1");
    }
}
