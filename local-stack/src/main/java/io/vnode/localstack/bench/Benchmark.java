package io.vnode.localstack.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.emulator.Timing;
import io.vnode.localstack.ServiceProcess;
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
        // the services get the heap the target allows (every service < 512 MiB), no more
        System.setProperty(ServiceProcess.HEAP, System.getProperty(ServiceProcess.HEAP, "512m"));
        Path root = Path.of(System.getProperty("vnode.repo", ".")).toAbsolutePath().normalize();
        Stack.Options d = Stack.Options.local(root);
        Stack.Options options = new Stack.Options(d.repoRoot(), d.workDir().resolve("bench-stack"), d.kafkaPort() + 10,
                d.kubePort() + 10, d.emulatorPort() + 10, d.firstServicePort() + 10, 0, Timing.instant(), null, null,
                // the burst's pods are created bound (as kube-scheduler would leave them): the local binder,
                // a stand-in for the scheduler, has nothing to do but would hold one more watch on every pod
                Map.of("cloud-executor", executorQuota(quota), "node-agent", Map.of("vnode.local-binder.enabled", "false")),
                // the figures so far were measured on the CRUD server; the control plane's are issue 20's
                Stack.KubeSource.CRUD);
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
            report.put("kube_api_requests_per_pod", kubeApiPerPod(stack.kubeApiRequests(), pods));
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

    /** Requests of the local API server per pod, by method and path pattern, with the dispatcher's time in ms. */
    static Map<String, Object> kubeApiPerPod(Map<String, long[]> stats, int pods) {
        Map<String, Object> m = new LinkedHashMap<>();
        long total = 0;
        long ms = 0;
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            total += e.getValue()[0];
            ms += e.getValue()[1];
        }
        m.put("total", Math.round(1000.0 * total / pods) / 1000.0);
        m.put("dispatcher_ms_total", ms);
        stats.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> m.put(e.getKey(), Math.round(1000.0 * e.getValue()[0] / pods) / 1000.0
                        + " (" + e.getValue()[1] + " ms)"));
        return m;
    }

    /**
     * The executor is told the account quota the emulator enforces, as on a real account: without
     * --create-quota the emulator's quotas are not binding (1,000,000/min), so neither are the
     * executor's limiters (left at their defaults, 1000 creates/min and 2000 DescribeContainerGroups/min,
     * they capped the run at ~11 pods/s); with --create-quota=N/60s, CreateContainerGroup gets N.
     */
    static Map<String, String> executorQuota(String quota) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("vnode.cloud.quota.window", "60s");
        if (quota == null) {
            for (String api : List.of("create-container-group", "delete-container-group", "describe-container-groups",
                    "describe-container-group-status", "describe-container-group-events")) {
                p.put("vnode.cloud.quota." + api, "1000000");
            }
        } else {
            p.put("vnode.cloud.quota.create-container-group", quota.substring(0, quota.indexOf('/')));
        }
        return p;
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
