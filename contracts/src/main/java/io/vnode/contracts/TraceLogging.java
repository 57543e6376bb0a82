package io.vnode.contracts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The trace of the record a thread is handling, in its log lines: the trace id of the record's W3C
 * {@code traceparent} (the pod's uid: every event of one pod is one trace) under {@value #MDC_KEY}, the
 * Elastic Common Schema field, so structured JSON logs ({@code logging.structured.format.console=ecs}) of
 * all four services carry it and one pod's lines can be found together.
 */
public final class TraceLogging {

    /** The MDC key (and ECS field) of the trace id. */
    public static final String MDC_KEY = "trace.id";

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    /** While open, log lines of this thread carry the trace id; closing removes it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private TraceLogging() {
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
}
