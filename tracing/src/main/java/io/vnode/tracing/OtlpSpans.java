package io.vnode.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vnode.contracts.TraceLogging;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans of handled records, exported over OTLP/HTTP in batches (a background thread; a full queue drops
 * spans, never blocks a handler). Each span is a child of the record's traceparent, so one pod's spans of
 * all four services are one trace.
 */
public final class OtlpSpans implements TraceLogging.Spans, AutoCloseable {

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    public OtlpSpans(String serviceName, TracingProperties properties) {
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(properties.otlp().tracesUrl())
                .setTimeout(properties.otlp().timeout());
        properties.otlp().headers().forEach(exporter::addHeader);
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), serviceName,
                        AttributeKey.stringKey("service.namespace"), "vnode"))))
                .setSampler(Sampler.traceIdRatioBased(properties.samplingRatio()))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
                .build();
        tracer = provider.get("io.vnode");
    }

    @Override
    public TraceLogging.Scope start(String operation, String traceparent) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        Span span = tracer.spanBuilder(operation).setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
        io.opentelemetry.context.Scope current = span.makeCurrent();
        return new TraceLogging.Scope() {
            @Override
            public void failed(Throwable cause) {
                span.recordException(cause);
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            }

            @Override
            public void close() {
                current.close();
                span.end();
            }
        };
    }

    /** Exports what is queued (at most 10 s) and stops. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
