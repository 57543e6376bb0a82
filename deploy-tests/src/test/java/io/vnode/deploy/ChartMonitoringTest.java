package io.vnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The alerts and the dashboard: off by default, and every vnode metric they query is one a service registers. */
class ChartMonitoringTest {

    private static final Pattern VNODE_SERIES = Pattern.compile("\\bvnode_[a-z0-9_]+");
    private static final Pattern METER = Pattern.compile("(?:builder|counter|gauge|timer|summary)\\(\\s*\"(vnode\\.[a-z0-9._-]+)\"");

    @Test
    void offByDefault() {
        RenderedChart chart = RenderedChart.defaults();
        assertThat(chart.objects).noneMatch(o -> "PrometheusRule".equals(o.getKind()));
        assertThat(chart.all(ConfigMap.class)).noneMatch(c -> c.getMetadata().getLabels() != null
                && c.getMetadata().getLabels().containsKey("grafana_dashboard"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlertsAskWhatTheIssueNames() {
        RenderedChart chart = RenderedChart.render(Map.of("monitoring.prometheusRule.enabled", true,
                "monitoring.prometheusRule.pendingMinutes", 7, "monitoring.prometheusRule.labels.release", "prometheus"));
        GenericKubernetesResource rule = (GenericKubernetesResource) chart.objects.stream()
                .filter(o -> "PrometheusRule".equals(o.getKind())).findFirst().orElseThrow();
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        List<Map<String, Object>> rules = rules(rule);
        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyInAnyOrder("VnodeDeadLettersGrowing",
                "VnodePodPendingTooLong", "VnodeCloudThrottling", "VnodeConsumerLag", "VnodeVirtualNodeNotReady",
                "VnodeControlPathUnavailable", "VnodeKubeApiDenied", "VnodeTokenRenewalFailing");
        assertThat(rules).filteredOn(r -> "VnodePodPendingTooLong".equals(r.get("alert")))
                .singleElement().satisfies(r -> assertThat(r.get("for")).isEqualTo("7m"));
        for (Map<String, Object> r : rules) {
            assertThat(((Map<String, Object>) r.get("labels")).get("severity")).isIn("warning", "critical");
        }
    }

    @Test
    void traceExportIsOffByDefaultAndOnForEveryServiceWithAnEndpoint() {
        for (String component : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler")) {
            assertThat(RenderedChart.env(RenderedChart.container(RenderedChart.defaults().deployment(component))))
                    .doesNotContainKeys("VNODE_TRACING_OTLP_ENDPOINT", "VNODE_TRACING_OTLP_HEADER_LIST");
        }
        RenderedChart chart = RenderedChart.render(Map.of("tracing.otlpEndpoint", "http://otel-collector.observability:4318",
                "tracing.samplingRatio", 0.25, "tracing.headersSecret.name", "otlp-auth"));
        for (String component : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler")) {
            var env = RenderedChart.env(RenderedChart.container(chart.deployment(component)));
            assertThat(env.get("VNODE_TRACING_OTLP_ENDPOINT").getValue()).isEqualTo("http://otel-collector.observability:4318");
            assertThat(env.get("VNODE_TRACING_SAMPLING_RATIO").getValue()).isEqualTo("0.25");
            assertThat(env.get("VNODE_TRACING_OTLP_HEADER_LIST").getValueFrom().getSecretKeyRef())
                    .satisfies(ref -> assertThat(ref.getName()).isEqualTo("otlp-auth"))
                    .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("headers"));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RenderedChart.render(Map.of("tracing.otlpEndpoint", "collector:4318")))
                .hasMessageContaining("tracing.otlpEndpoint must be an http(s) URL, not \"collector:4318\"");
    }

    @Test
    void theDashboardIsLoadableJsonForGrafanasSidecar() throws IOException {
        RenderedChart chart = RenderedChart.render(Map.of("monitoring.dashboard.enabled", true));
        ConfigMap dashboard = chart.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getLabels() != null
                && "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("vnode.json"));
        assertThat(json.get("uid").asText()).isEqualTo("vnode");
        assertThat(json.get("panels").size()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyVnodeSeriesQueriedIsAMeterAServiceRegisters() throws IOException {
        RenderedChart chart = RenderedChart.render(Map.of("monitoring.prometheusRule.enabled", true, "monitoring.dashboard.enabled", true));
        StringBuilder queries = new StringBuilder(RenderedChart.toYaml(chart.objects.stream()
                .filter(o -> "PrometheusRule".equals(o.getKind())).findFirst().orElseThrow()));
        queries.append(Files.readString(RenderedChart.chart().resolve("files/vnode-dashboard.json")));
        Set<String> queried = new TreeSet<>();
        Matcher m = VNODE_SERIES.matcher(queries);
        while (m.find()) {
            queried.add(m.group().replaceAll("_(total|seconds_bucket|seconds_count|seconds_sum|seconds_max|seconds)$", ""));
        }
        Set<String> registered = new TreeSet<>();
        for (String module : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler")) {
            try (Stream<Path> files = Files.walk(RenderedChart.repoRoot().resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(Files.readString(f));
                    while (meter.find()) {
                        registered.add(meter.group(1).replace('.', '_').replace('-', '_'));
                    }
                }
            }
        }
        assertThat(queried).isNotEmpty();
        assertThat(registered).containsAll(queried);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            out.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return out;
    }
}
