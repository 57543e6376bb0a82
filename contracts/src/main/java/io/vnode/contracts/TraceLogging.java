package io.vnode.contracts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The trace of the record a thread is handling. In log lines: the trace id of the record's W3C
 * {@code traceparent} (the pod's uid: every event of one pod is one trace) under {@value #MDC_KEY}, the
 * Elastic Common Schema field, so structured JSON logs ({@code logging.structured.format.console=ecs}) of
 * all four services carry it and one pod's lines can be found together. As spans: when a {@link Spans}
 * is installed (the {@code tracing} module installs one when OTLP export is configured), each scope opened
 * with an operation name is also a span, a child of the record's traceparent, ended when the scope closes.
 */
public final class TraceLogging {

    /** The MDC key (and ECS field) of the trace id. */
    public static final String MDC_KEY = "trace.id";

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private static volatile Spans spans;

    /** While open, log lines of this thread carry the trace id; closing removes it. */
    public interface Scope extends AutoCloseable {
        /** Marks the handling as failed (the span's status, when one is exported); the scope stays open. */
        default void failed(Throwable cause) {
        }

        @Override
        void close();
    }

    /** Starts a span named {@code operation}, a child of {@code traceparent} (a valid one). */
    public interface Spans {
        Scope start(String operation, String traceparent);
    }

    private TraceLogging() {
    }

    /** From now on scopes opened with an operation are also spans of {@code exporter}. */
    public static void exportSpansTo(Spans exporter) {
        spans = exporter;
    }

    /** Stops exporting to {@code exporter} if it is the one installed. */
    public static void stopExportingTo(Spans exporter) {
        if (spans == exporter) {
            spans = null;
        }
    }

    /** The 32 hex digits of a valid traceparent's trace id; null for anything else. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        Matcher m = TRACEPARENT.matcher(traceparent.trim());
        return m.matches() && !m.group(1).equals("0".repeat(32)) ? m.group(1) : null;
    }

    /** Puts the trace id of {@code traceparent} in the MDC (nothing for a missing or malformed one). */
    public static Scope of(String traceparent) {
        String id = traceId(traceparent);
        if (id == null) {
            return () -> { };
        }
        MDC.put(MDC_KEY, id);
        return () -> MDC.remove(MDC_KEY);
    }

    /**
     * As {@link #of(String)}, and a span named {@code operation} while spans are exported (none for a missing
     * or malformed traceparent: a record without a trace is not made the root of a new one).
     */
    public static Scope of(String traceparent, String operation) {
        Scope logging = of(traceparent);
        Spans exporter = spans;
        if (exporter == null || traceId(traceparent) == null) {
            return logging;
        }
        Scope span = exporter.start(operation, traceparent.trim());
        return new Scope() {
            @Override
            public void failed(Throwable cause) {
                span.failed(cause);
            }

            @Override
            public void close() {
                try {
                    span.close();
                } finally {
                    logging.close();
                }
            }
        };
    }
}
