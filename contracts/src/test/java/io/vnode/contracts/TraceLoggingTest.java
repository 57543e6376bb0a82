package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.MDC;

class TraceLoggingTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 4bf92f3577b34da6a3ce929d0e0e4736",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01, null",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01, null",
            "not a traceparent, null",
            "null, null"})
    void readsTheTraceIdOfAValidTraceparentOnly(String traceparent, String traceId) {
        assertThat(TraceLogging.traceId(traceparent)).isEqualTo(traceId);
    }

    @Test
    void theTraceIdIsInTheMdcWhileTheScopeIsOpen() {
        try (TraceLogging.Scope ignored = TraceLogging.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")) {
            assertThat(MDC.get(TraceLogging.MDC_KEY)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(MDC.get(TraceLogging.MDC_KEY)).isNull();
        try (TraceLogging.Scope ignored = TraceLogging.of("garbage")) {
            assertThat(MDC.get(TraceLogging.MDC_KEY)).isNull();
        }
    }

    @Test
    void aScopeWithAnOperationIsASpanOfTheInstalledExporterChildOfTheRecordsTraceparent() {
        java.util.List<String> started = new java.util.ArrayList<>();
        java.util.List<String> ended = new java.util.ArrayList<>();
        TraceLogging.Spans exporter = (operation, traceparent) -> {
            started.add(operation + " " + traceparent);
            return new TraceLogging.Scope() {
                @Override
                public void failed(Throwable cause) {
                    ended.add(operation + " failed: " + cause.getMessage());
                }

                @Override
                public void close() {
                    ended.add(operation);
                }
            };
        };
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TraceLogging.exportSpansTo(exporter);
        try {
            try (TraceLogging.Scope scope = TraceLogging.of(traceparent, "translate")) {
                assertThat(MDC.get(TraceLogging.MDC_KEY)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                scope.failed(new IllegalStateException("boom"));
            }
            try (TraceLogging.Scope ignored = TraceLogging.of("garbage", "translate")) {
                assertThat(MDC.get(TraceLogging.MDC_KEY)).isNull();
            }
            try (TraceLogging.Scope ignored = TraceLogging.of(traceparent)) {
                assertThat(MDC.get(TraceLogging.MDC_KEY)).isNotNull();
            }
        } finally {
            TraceLogging.stopExportingTo(exporter);
        }
        try (TraceLogging.Scope ignored = TraceLogging.of(traceparent, "after")) {
            assertThat(MDC.get(TraceLogging.MDC_KEY)).isNotNull();
        }

        assertThat(started).containsExactly("translate " + traceparent);
        assertThat(ended).containsExactly("translate failed: boom", "translate");
        assertThat(MDC.get(TraceLogging.MDC_KEY)).isNull();
    }
}
