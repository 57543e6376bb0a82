package io.vnode.localstack.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.emulator.Timing;
import io.vnode.localstack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./run-benchmark.sh [pods] [--create-quota=N/60s]}: N pods (default 10,000) through the whole
 * stack (real broker process, local API server, emulator with zero provisioning delay) and the figures
 * of issue 9, written to .local-stack/bench/benchmark-&lt;pods&gt;.json and a PNG of pods by state over time.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 10_000;
        String quota = null;
        for (String a : args) {
            if (a.startsWith("--create-quota=")) {
                quota = a.substring("--create-quota=".length());
            } else if (!a.startsWith("--")) {
                pods = Integer.parseInt(a);
            }
        }
        Path root = Path.of(System.getProperty("vnode.repo", ".")).toAbsolutePath().normalize();
        Stack.Options d = Stack.Options.local(root);
        Stack.Options options = new Stack.Options(d.repoRoot(), d.workDir().resolve("bench-stack"), d.kafkaPort() + 10,
                d.kubePort() + 10, d.emulatorPort() + 10, d.firstServicePort() + 10, 0, Timing.instant(), null, null, Map.of());
        Path out = d.workDir().resolve("bench");
        Files.createDirectories(out);
        try (Stack stack = Stack.start(options, line -> System.out.println("  " + line));
             KubernetesClient client = stack.kubeClient()) {
            if (quota == null) {
                for (String api : List.of("CreateContainerGroup", "DeleteContainerGroup", "DescribeContainerGroups",
                        "DescribeContainerGroupStatus", "DescribeContainerGroupEvents")) {
                    stack.emulator().admin().setRateLimit(api, 1_000_000, Duration.ofSeconds(60));
                }
            } else {
                stack.emulator().admin().setRateLimit("CreateContainerGroup", Integer.parseInt(quota.substring(0, quota.indexOf('/'))), Duration.ofSeconds(60));
            }
            System.out.printf("== burst of %d pods (create quota %s)%n", pods, quota == null ? "not binding" : quota);
            Burst burst = new Burst(stack, client);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("machine", machine());
            report.putAll(burst.run(pods, 8, Duration.ofMinutes(30), null));
            Path json = out.resolve("benchmark-" + pods + (quota == null ? "" : "-quota") + ".json");
            Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Path png = out.resolve("benchmark-" + pods + (quota == null ? "" : "-quota") + ".png");
            StatePlot.write(png, "vnode: " + pods + " pods by state", burst.samples(),
                    List.of("PENDING", "CREATED", "RUNNING", "FAILED"));
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.out.println("== wrote " + json + " and " + png);
        }
        System.exit(0);
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try {
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            m.put("memory", mem.replaceAll("\\s+", " "));
        } catch (Exception e) {
            m.put("memory", "unknown");
        }
        return m;
    }
}
