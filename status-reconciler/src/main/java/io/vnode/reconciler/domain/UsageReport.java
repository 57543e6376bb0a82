package io.vnode.reconciler.domain;

import io.vnode.contracts.billing.BillingUsageRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "What did the burst cost us": the usage records of a namespace (or all) clipped to a period
 * [from, to), each line the resource-seconds inside the period, plus totals. Pure.
 */
public record UsageReport(String namespace, Instant from, Instant to, List<Line> lines, Totals totals) {

    public record Line(String namespace, String pod, String podUid, String instanceId, String computeType, String spec,
                       Instant start, Instant stop, double seconds, double vcpuSeconds, double gibSeconds, double gpuSeconds) {
    }

    public record Totals(int pods, double seconds, double vcpuSeconds, double gibSeconds, double gpuSeconds) {
    }

    /**
     * @param namespace null = every namespace
     * @param from null = unbounded
     * @param to null = unbounded
     */
    public static UsageReport of(Collection<BillingUsageRecorded> records, String namespace, Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        List<Line> lines = new ArrayList<>();
        for (BillingUsageRecorded r : records) {
            if (namespace != null && !namespace.equals(r.pod().namespace())) {
                continue;
            }
            Instant s = from != null && from.isAfter(r.start()) ? from : r.start();
            Instant e = to != null && to.isBefore(r.stop()) ? to : r.stop();
            if (e.isBefore(s) || (e.equals(s) && !r.start().equals(r.stop()))) {
                continue;
            }
            BillingUsage u = BillingUsage.of(r.spec(), s, e);
            lines.add(new Line(r.pod().namespace(), r.pod().name(), r.pod().uid(), r.instanceId(), r.computeType().name(),
                    r.spec().name(), r.start(), r.stop(), u.seconds(), u.vcpuSeconds(), u.gibSeconds(), u.gpuSeconds()));
        }
        lines.sort(Comparator.comparing(Line::start).thenComparing(Line::pod));
        Totals t = new Totals(lines.size(),
                lines.stream().mapToDouble(Line::seconds).sum(),
                lines.stream().mapToDouble(Line::vcpuSeconds).sum(),
                lines.stream().mapToDouble(Line::gibSeconds).sum(),
                lines.stream().mapToDouble(Line::gpuSeconds).sum());
        return new UsageReport(namespace, from, to, List.copyOf(lines), t);
    }

    public static final String CSV_HEADER =
            "namespace,pod,podUid,instanceId,computeType,spec,start,stop,seconds,vcpuSeconds,gibSeconds,gpuSeconds";

    /** CSV (RFC 4180): a header, a line per record, and a TOTAL line. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Line l : lines) {
            sb.append(String.join(",", csv(l.namespace()), csv(l.pod()), csv(l.podUid()), csv(l.instanceId()),
                    csv(l.computeType()), csv(l.spec()), Rfc3339.format(l.start()), Rfc3339.format(l.stop()),
                    num(l.seconds()), num(l.vcpuSeconds()), num(l.gibSeconds()), num(l.gpuSeconds()))).append("\r\n");
        }
        sb.append(String.join(",", "TOTAL", csv(namespace == null ? "*" : namespace), "", "", "", "",
                from == null ? "" : Rfc3339.format(from), to == null ? "" : Rfc3339.format(to),
                num(totals.seconds()), num(totals.vcpuSeconds()), num(totals.gibSeconds()), num(totals.gpuSeconds()))).append("\r\n");
        return sb.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String csv(String v) {
        if (v == null) {
            return "";
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
