package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceMetricsTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
    static final Instant START = Instant.parse("2026-12-03T09:00:00Z");
    static final PodUsage WEB = new PodUsage("shop", "web-1", "uid-1", START, AT, new PodUsage.Usage(750_000_000L, 90_000_000_000L, 300L << 20),
            List.of(new PodUsage.ContainerUsage("app", new PodUsage.Usage(500_000_000L, 60_000_000_000L, 200L << 20)),
                    new PodUsage.ContainerUsage("sidecar", new PodUsage.Usage(250_000_000L, 30_000_000_000L, 100L << 20))));
    static final PodUsage JOB = new PodUsage("batch", "job-\"x\"", "uid-2", null, AT.minusSeconds(5),
            new PodUsage.Usage(1_000_000_000L, 1_500_000_000L, 1L << 30),
            List.of(new PodUsage.ContainerUsage("main", new PodUsage.Usage(1_000_000_000L, 1_500_000_000L, 1L << 30))));

    @Test
    void resourceMetricsAreThePrometheusLinesMetricsServerReads() {
        String text = ResourceMetrics.prometheus(List.of(WEB, JOB), AT);
        long at = AT.toEpochMilli();
        assertThat(text.lines()).contains(
                "# TYPE container_cpu_usage_seconds_total counter",
                "container_cpu_usage_seconds_total{container=\"app\",namespace=\"shop\",pod=\"web-1\"} 60 " + at,
                "container_cpu_usage_seconds_total{container=\"main\",namespace=\"batch\",pod=\"job-\\\"x\\\"\"} 1.5 " + (at - 5000),
                "container_memory_working_set_bytes{container=\"sidecar\",namespace=\"shop\",pod=\"web-1\"} 104857600 " + at,
                "container_start_time_seconds{container=\"app\",namespace=\"shop\",pod=\"web-1\"} " + START.getEpochSecond() + " " + at,
                "node_cpu_usage_seconds_total 91.5 " + at,
                "node_memory_working_set_bytes " + ((300L << 20) + (1L << 30)) + " " + at,
                "pod_cpu_usage_seconds_total{namespace=\"shop\",pod=\"web-1\"} 90 " + at,
                "pod_memory_working_set_bytes{namespace=\"batch\",pod=\"job-\\\"x\\\"\"} 1073741824 " + (at - 5000),
                "scrape_error 0");
        assertThat(text.lines().filter(l -> l.startsWith("container_start_time_seconds{")).count()).isEqualTo(2);
    }

    @Test
    void anEmptyNodeStillReportsItsNodeFigures() {
        assertThat(ResourceMetrics.prometheus(List.of(), AT).lines())
                .contains("node_cpu_usage_seconds_total 0 " + AT.toEpochMilli(), "node_memory_working_set_bytes 0 " + AT.toEpochMilli());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSummaryHasTheNodeAsTheSumOfItsPods() {
        Map<String, Object> summary = ResourceMetrics.summary("virtual-kubelet-cn-hangzhou-k", START, List.of(WEB, JOB), AT);
        Map<String, Object> node = (Map<String, Object>) summary.get("node");
        assertThat(node).containsEntry("nodeName", "virtual-kubelet-cn-hangzhou-k");
        assertThat((Map<String, Object>) node.get("cpu")).containsEntry("usageNanoCores", 1_750_000_000L);
        assertThat((Map<String, Object>) node.get("memory")).containsEntry("workingSetBytes", (300L << 20) + (1L << 30));
        List<Map<String, Object>> pods = (List<Map<String, Object>>) summary.get("pods");
        assertThat(pods).hasSize(2);
        assertThat(pods.get(0).get("podRef")).isEqualTo(Map.of("name", "web-1", "namespace", "shop", "uid", "uid-1"));
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pods.get(0).get("containers");
        assertThat(containers).extracting(c -> c.get("name")).containsExactly("app", "sidecar");
        assertThat((Map<String, Object>) containers.get(0).get("memory")).containsEntry("workingSetBytes", 200L << 20);
    }
}
