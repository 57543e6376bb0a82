package io.vnode.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.contracts.TraceLogging;
import io.vnode.testsupport.OtlpReceiver;
import io.vnode.testsupport.OtlpReceiver.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration against a real OTLP/HTTP receiver on loopback. */
class OtlpExportIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT + "-01";

    private OtlpReceiver receiver;
    private ApplicationContextRunner contexts;

    @BeforeEach
    void start() throws Exception {
        receiver = new OtlpReceiver();
        contexts = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
                .withPropertyValues("spring.application.name=pod-translator");
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aHandledRecordIsASpanOfTheServiceChildOfItsTraceparentSentWithTheConfiguredHeaders() {
        contexts.withPropertyValues("vnode.tracing.otlp.endpoint=" + receiver.tracesUrl(),
                        "vnode.tracing.otlp.headers.Authorization=Bearer t0ken",
                        "vnode.tracing.otlp.header-list=X-Api-Key=k%3Dy, X-Tenant = vnode")
                .run(context -> {
                    try (TraceLogging.Scope ignored = TraceLogging.of(TRACEPARENT, "translate PodBound")) {
                        // the handling
                    }
                    try (TraceLogging.Scope scope = TraceLogging.of(TRACEPARENT, "translate PodDeleting")) {
                        scope.failed(new IllegalStateException("the pod is gone"));
                    }
                    try (TraceLogging.Scope ignored = TraceLogging.of("not a traceparent", "translate PodBound")) {
                        // no trace, no span
                    }
                }); // closing the context exports what is queued

        List<ReceivedSpan> spans = receiver.spans();
        assertThat(spans).extracting(ReceivedSpan::name).containsExactlyInAnyOrder("translate PodBound", "translate PodDeleting");
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.service()).isEqualTo("pod-translator");
            assertThat(s.traceId()).isEqualTo(TRACE_ID);
            assertThat(s.parentSpanId()).isEqualTo(PARENT);
            assertThat(s.requestHeaders()).containsEntry("Authorization", "Bearer t0ken").containsEntry("X-Api-Key", "k=y")
                    .containsEntry("X-Tenant", "vnode");
        });
        assertThat(spans).filteredOn(s -> s.name().equals("translate PodDeleting")).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo("STATUS_CODE_ERROR"))
                .satisfies(s -> assertThat(s.statusMessage()).isEqualTo("the pod is gone"));
    }

    @Test
    void withoutAnEndpointNothingIsBuiltAndNoSpanIsStarted() {
        contexts.run(context -> {
            assertThat(context).doesNotHaveBean(TracingAutoConfiguration.InstalledSpans.class);
            try (TraceLogging.Scope ignored = TraceLogging.of(TRACEPARENT, "translate PodBound")) {
                // the handling
            }
        });
        assertThat(receiver.spans()).isEmpty();
    }

    @Test
    void theSamplingRatioKeepsOrDropsAWholePodByItsTraceId() {
        // traceIdRatioBased keeps a trace when its lower 8 bytes, as a positive long, fall under ratio x Long.MAX_VALUE
        String kept = "00-" + "f".repeat(16) + "0000000000000001-" + PARENT + "-01";
        String dropped = "00-" + "0".repeat(16) + "7fffffffffffffff-" + PARENT + "-01";
        contexts.withPropertyValues("vnode.tracing.otlp.endpoint=" + receiver.tracesUrl(), "vnode.tracing.sampling-ratio=0.5")
                .run(context -> {
                    for (String traceparent : List.of(kept, dropped)) {
                        try (TraceLogging.Scope ignored = TraceLogging.of(traceparent, "reconcile")) {
                            // the handling
                        }
                    }
                });
        assertThat(receiver.spans()).extracting(ReceivedSpan::traceId).containsExactly("f".repeat(16) + "0000000000000001");
    }

    @Test
    void aBadEndpointOrRatioFailsTheStartNamingTheProperty() {
        contexts.withPropertyValues("vnode.tracing.otlp.endpoint=collector:4318").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("vnode.tracing.otlp.endpoint must be an http(s) URL"));
        contexts.withPropertyValues("vnode.tracing.otlp.endpoint=" + receiver.tracesUrl(), "vnode.tracing.sampling-ratio=2")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("vnode.tracing.sampling-ratio must be between 0 and 1"));
    }

    @Test
    void aMalformedHeaderListIsRefusedWithoutShowingItsText() {
        assertThatThrownBy(() -> new TracingProperties.Otlp("http://collector:4318", null, "Authorization=x,secretvalue", null))
                .hasMessage("vnode.tracing.otlp.header-list: entry 2 is not name=value (its text is not shown: it may hold a credential)");
    }

    @Test
    void anEndpointWithoutAPathGetsTheTracesPath() {
        assertThat(new TracingProperties.Otlp("http://collector:4318", null, null, null).tracesUrl())
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(new TracingProperties.Otlp("https://otlp.example.com/", null, null, null).tracesUrl())
                .isEqualTo("https://otlp.example.com/v1/traces");
        assertThat(new TracingProperties.Otlp("http://collector:4318/custom/traces", null, null, null).tracesUrl())
                .isEqualTo("http://collector:4318/custom/traces");
        assertThatThrownBy(() -> new TracingProperties.Otlp("ftp://x", null, null, null).tracesUrl())
                .hasMessageContaining("http(s) URL");
    }
}
