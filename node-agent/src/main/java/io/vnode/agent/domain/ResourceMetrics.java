package io.vnode.agent.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kubelet's resource metrics of the virtual node, from the pods' {@link PodUsage}: {@code
 * /metrics/resource} in the Prometheus text format metrics-server reads (container, pod and node CPU
 * seconds and working set, with the cloud's measuring time), and {@code /stats/summary} (the Summary
 * API's node and pods). The node's figures are the sums of its pods' (a virtual node has nothing else).
 */
public final class ResourceMetrics {

    private ResourceMetrics() {
    }

    public static String prometheus(List<PodUsage> pods, Instant now) {
        StringBuilder out = new StringBuilder();
        header(out, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed by the container in core-seconds", "counter");
        for (PodUsage p : pods) {
            for (PodUsage.ContainerUsage c : p.containers()) {
                sample(out, "container_cpu_usage_seconds_total", containerLabels(p, c), c.usage().usageCoreNanoSeconds() / 1e9, p.at());
            }
        }
        header(out, "container_memory_working_set_bytes", "Current working set of the container in bytes", "gauge");
        for (PodUsage p : pods) {
            for (PodUsage.ContainerUsage c : p.containers()) {
                sample(out, "container_memory_working_set_bytes", containerLabels(p, c), c.usage().workingSetBytes(), p.at());
            }
        }
        header(out, "container_start_time_seconds", "Start time of the container since unix epoch in seconds", "gauge");
        for (PodUsage p : pods) {
            for (PodUsage.ContainerUsage c : p.containers()) {
                if (p.startTime() != null) {
                    sample(out, "container_start_time_seconds", containerLabels(p, c), p.startTime().toEpochMilli() / 1000.0, p.at());
                }
            }
        }
        PodUsage.Usage node = sum(pods);
        Instant nodeAt = pods.stream().map(PodUsage::at).max(Instant::compareTo).orElse(now);
        header(out, "node_cpu_usage_seconds_total", "Cumulative cpu time consumed by the node in core-seconds", "counter");
        sample(out, "node_cpu_usage_seconds_total", "", node.usageCoreNanoSeconds() / 1e9, nodeAt);
        header(out, "node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge");
        sample(out, "node_memory_working_set_bytes", "", node.workingSetBytes(), nodeAt);
        header(out, "pod_cpu_usage_seconds_total", "Cumulative cpu time consumed by the pod in core-seconds", "counter");
        for (PodUsage p : pods) {
            sample(out, "pod_cpu_usage_seconds_total", podLabels(p), p.pod().usageCoreNanoSeconds() / 1e9, p.at());
        }
        header(out, "pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge");
        for (PodUsage p : pods) {
            sample(out, "pod_memory_working_set_bytes", podLabels(p), p.pod().workingSetBytes(), p.at());
        }
        out.append("# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise\n")
                .append("# TYPE scrape_error gauge\nscrape_error 0\n");
        return out.toString();
    }

    /** The Summary API ({@code stats/v1alpha1}): node and pods, CPU and memory. */
    public static Map<String, Object> summary(String nodeName, Instant nodeStart, List<PodUsage> pods, Instant now) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("nodeName", nodeName);
        node.put("startTime", nodeStart.toString());
        PodUsage.Usage sum = sum(pods);
        node.put("cpu", cpu(sum, now));
        node.put("memory", memory(sum, now));
        List<Map<String, Object>> podStats = new ArrayList<>();
        for (PodUsage p : pods) {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("podRef", Map.of("name", p.name(), "namespace", p.namespace(), "uid", p.uid()));
            if (p.startTime() != null) {
                stats.put("startTime", p.startTime().toString());
            }
            List<Map<String, Object>> containers = new ArrayList<>();
            for (PodUsage.ContainerUsage c : p.containers()) {
                Map<String, Object> cs = new LinkedHashMap<>();
                cs.put("name", c.name());
                if (p.startTime() != null) {
                    cs.put("startTime", p.startTime().toString());
                }
                cs.put("cpu", cpu(c.usage(), p.at()));
                cs.put("memory", memory(c.usage(), p.at()));
                containers.add(cs);
            }
            stats.put("containers", containers);
            stats.put("cpu", cpu(p.pod(), p.at()));
            stats.put("memory", memory(p.pod(), p.at()));
            podStats.add(stats);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node);
        out.put("pods", podStats);
        return out;
    }

    private static PodUsage.Usage sum(List<PodUsage> pods) {
        long nano = 0;
        long total = 0;
        long memory = 0;
        for (PodUsage p : pods) {
            nano += p.pod().usageNanoCores();
            total += p.pod().usageCoreNanoSeconds();
            memory += p.pod().workingSetBytes();
        }
        return new PodUsage.Usage(nano, total, memory);
    }

    private static Map<String, Object> cpu(PodUsage.Usage u, Instant at) {
        return Map.of("time", at.toString(), "usageNanoCores", u.usageNanoCores(), "usageCoreNanoSeconds", u.usageCoreNanoSeconds());
    }

    private static Map<String, Object> memory(PodUsage.Usage u, Instant at) {
        return Map.of("time", at.toString(), "workingSetBytes", u.workingSetBytes(), "usageBytes", u.workingSetBytes());
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value, Instant at) {
        out.append(name).append(labels).append(' ').append(number(value)).append(' ').append(at.toEpochMilli()).append('\n');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.9f", v)
                .replaceAll("0+$", "");
    }

    private static String containerLabels(PodUsage p, PodUsage.ContainerUsage c) {
        return "{container=\"" + escape(c.name()) + "\",namespace=\"" + escape(p.namespace()) + "\",pod=\"" + escape(p.name()) + "\"}";
    }

    private static String podLabels(PodUsage p) {
        return "{namespace=\"" + escape(p.namespace()) + "\",pod=\"" + escape(p.name()) + "\"}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
