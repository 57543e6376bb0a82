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
 * {@code ./run-local.sh benchmark [pods] [--rate=N] [--replicas=N] [--create-quota=N/60s] [--control-plane] [--profile]}: N pods (default
 * 10,000), all at once or, with {@code --rate}, created open loop at N pods/s, through the whole stack (real
 * broker process, emulator with zero provisioning delay; the CRUD stand-in
 * for the Kubernetes API, or with {@code --control-plane} the real one, where kube-scheduler binds the pods
 * and the API server's audit log counts the services' requests) and the figures of issues 9 and 20: pods/s,
 * latencies, cloud calls, CPU seconds and peak RSS per service (from /proc), Kubernetes API requests per pod,
 * written to .local-stack/bench/benchmark-&lt;pods&gt;[-quota][-rateN][-rN][-cp].json and a PNG of pods by state over time;
 * with {@code --replicas=2} every service runs two replicas sharing the work through Kafka partitions; with
 * {@code --profile}, where each service's CPU went during the run (Flight Recorder samples) in profile-*.json.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 10_000;
        String quota = null;
        boolean controlPlane = false;
        boolean profile = false;
        int replicas = 1;
        double rate = 0;
        for (String a : args) {
            if (a.equals("--control-plane")) {
                controlPlane = true;
            } else if (a.equals("--profile")) {
                profile = true;
            } else if (a.startsWith("--replicas=")) {
                replicas = Integer.parseInt(a.substring("--replicas=".length()));
                if (replicas < 1 || replicas > 3) {
                    throw new IllegalArgumentException("--replicas=N: replicas of every service, 1 to 3 (got " + a + ")");
                }
            } else if (a.startsWith("--rate=")) {
                rate = Double.parseDouble(a.substring("--rate=".length()));
                if (!(rate > 0)) {
                    throw new IllegalArgumentException("--rate=N: pods created per second, N > 0 (got " + a + ")");
                }
            } else if (a.startsWith("--create-quota=")) {
                quota = a.substring("--create-quota=".length());
            } else if (!a.startsWith("--")) {
                pods = Integer.parseInt(a);
            }
        }
        // the services get the heap the target allows (every service < 512 MiB), no more
        System.setProperty(ServiceProcess.HEAP, System.getProperty(ServiceProcess.HEAP, "512m"));
        Path root = Path.of(System.getProperty("vnode.repo", ".")).toAbsolutePath().normalize();
        Stack.Options d = Stack.Options.local(root);
        Path out = d.workDir().resolve("bench");
        Files.createDirectories(out);
        Path jfrDir = out.resolve("jfr");
        if (profile) {
            // every service records its CPU samples from its start; the profile is read for the run's window only
            if (Files.isDirectory(jfrDir)) {
                try (var old = Files.list(jfrDir)) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(jfrDir);
            System.setProperty(ServiceProcess.JVM_FLAGS, (System.getProperty(ServiceProcess.JVM_FLAGS, "")
                    + " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfrDir.resolve("{name}.jfr")).trim());
        }
        Path auditLog = out.resolve("kube-audit.log");
        Files.deleteIfExists(auditLog);
        Map<String, Map<String, String>> extra = new LinkedHashMap<>();
        Map<String, String> executor = new LinkedHashMap<>(executorQuota(quota));
        // the executor lists every instance at the product's default 60 s (the local stack's 15 s shows repair quickly)
        executor.put("vnode.watch.resync-interval", "60s");
        extra.put("cloud-executor", executor);
        // on the CRUD server the burst's pods are created bound (as kube-scheduler would leave them): the local
        // binder, a stand-in for the scheduler, has nothing to do but would hold one more watch on every pod
        // node-agent resyncs at the product's default 5 minutes (the local stack's 30 s, there to show repair quickly,
        // republished pods still queued for their create), and its node advertises room for the run (kube-scheduler
        // fits the 2 CPU / 4 GiB pods on the real control plane: the default 10,000 cores hold 5,000 of them)
        extra.put("node-agent", Map.of("vnode.local-binder.enabled", "false", "vnode.resync-period", "5m",
                "vnode.node.cpu", Long.toString(Math.max(10_000, 4L * pods)), "vnode.node.memory", Math.max(40, 8L * pods / 1024) + "Ti"));
        if (controlPlane) {
            extra.put("kube-apiserver", KubeAudit.apiServerFlags(out, auditLog));
        }
        Stack.Options options = new Stack.Options(d.repoRoot(), d.workDir().resolve("bench-stack"), d.kafkaPort() + 10,
                d.kubePort() + 10, d.emulatorPort() + 10, d.firstServicePort() + 10, 0, Timing.instant(), null, null,
                extra, controlPlane ? Stack.KubeSource.CONTROL_PLANE : Stack.KubeSource.CRUD);
        Map<String, Object> report = new LinkedHashMap<>();
        java.time.Instant runStart;
        java.time.Instant runEnd;
        String suffix = (quota == null ? "" : "-quota") + (rate > 0 ? "-rate" + Math.round(rate) : "")
                + (replicas > 1 ? "-r" + replicas : "") + (controlPlane ? "-cp" : "");
        try (Stack stack = controlPlane ? Stack.start(options, line -> System.out.println("  " + line), KubeAudit::identities)
                : Stack.start(options, line -> System.out.println("  " + line));
             KubernetesClient client = stack.kubeClient()) {
            if (quota == null) {
                for (String api : List.of("CreateContainerGroup", "DeleteContainerGroup", "DescribeContainerGroups",
                        "DescribeContainerGroupStatus", "DescribeContainerGroupEvents")) {
                    stack.emulator().admin().setRateLimit(api, 1_000_000, Duration.ofSeconds(60));
                }
            } else {
                stack.emulator().admin().setRateLimit("CreateContainerGroup", Integer.parseInt(quota.substring(0, quota.indexOf('/'))), Duration.ofSeconds(60));
            }
            System.out.printf("== %s of %d pods (create quota %s)%n", rate > 0 ? "open loop at " + rate + " pods/s" : "burst", pods,
                    quota == null ? "not binding" : quota);
            Burst burst = new Burst(stack, client);
            report.put("machine", machine());
            report.put("kubernetes", controlPlane ? "real control plane " + stack.controlPlane().version() : "CRUD stand-in");
            for (int r = 2; r <= replicas; r++) {
                for (String module : Stack.SERVICES) {
                    System.out.println("  starting " + module + " replica " + r);
                    stack.addReplica(module);
                }
            }
            report.put("replicas_per_service", replicas);
            Map<String, Double> cpuBefore = cpuSeconds(stack);
            Map<String, Double> idle = idleFootprint(stack);
            long burstStart = System.currentTimeMillis();
            runStart = java.time.Instant.ofEpochMilli(burstStart);
            report.putAll(burst.run(pods, 8, Duration.ofMinutes(30), null, rate));
            runEnd = java.time.Instant.now();
            report.put("services", serviceFigures(stack, cpuBefore, pods));
            report.put("idle_rss_mib_before_the_burst", idle);
            report.put("kube_api_requests_per_pod", controlPlane
                    ? auditedPerPod(KubeAudit.requests(auditLog, burstStart), pods)
                    : kubeApiPerPod(stack.kubeApiRequests(), pods));
            Path json = out.resolve("benchmark-" + pods + suffix + ".json");
            Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Path png = out.resolve("benchmark-" + pods + suffix + ".png");
            StatePlot.write(png, "vnode: " + pods + " pods by state", burst.samples(),
                    List.of("PENDING", "CREATED", "RUNNING", "FAILED"));
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.out.println("== wrote " + json + " and " + png);
        }
        if (profile) {
            // the services have stopped and written their recordings
            Map<String, Object> cpu = CpuProfile.all(jfrDir, runStart, runEnd, 15);
            Path json = out.resolve("profile-" + pods + suffix + ".json");
            Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(cpu));
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(cpu));
            System.out.println("== wrote " + json);
        }
        System.exit(0);
    }

    /** The processes of a service: the first and the replicas started since. */
    static List<Long> pids(Stack stack, String module) {
        List<Long> pids = new java.util.ArrayList<>();
        pids.add(stack.service(module).pid());
        stack.replicas(module).forEach(r -> pids.add(r.pid()));
        return pids;
    }

    /** CPU seconds each service (all its replicas) has used so far. */
    static Map<String, Double> cpuSeconds(Stack stack) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String module : Stack.SERVICES) {
            m.put(module, pids(stack, module).stream().mapToDouble(ProcessFigures::cpuSeconds).sum());
        }
        return m;
    }

    /** Resident memory of each service (all its replicas) started and idle (its peak so far), MiB. */
    static Map<String, Double> idleFootprint(Stack stack) {
        Map<String, Double> m = new LinkedHashMap<>();
        double total = 0;
        for (String module : Stack.SERVICES) {
            double rss = Math.round(pids(stack, module).stream().mapToDouble(ProcessFigures::peakRssMib).sum() * 10) / 10.0;
            m.put(module, rss);
            total += rss;
        }
        m.put("all four", Math.round(total * 10) / 10.0);
        return m;
    }

    /** Per service: CPU ms per pod over the burst (all replicas), peak RSS (of its largest replica); and the four together. */
    static Map<String, Object> serviceFigures(Stack stack, Map<String, Double> cpuBefore, int pods) {
        Map<String, Object> m = new LinkedHashMap<>();
        double total = 0;
        for (String module : Stack.SERVICES) {
            List<Long> pids = pids(stack, module);
            double cpu = pids.stream().mapToDouble(ProcessFigures::cpuSeconds).sum() - cpuBefore.get(module);
            total += cpu;
            m.put(module, Map.of("cpu_s", Math.round(cpu * 100) / 100.0,
                    "cpu_ms_per_pod", Math.round(1000.0 * cpu / pods * 100) / 100.0,
                    "peak_rss_mib", Math.round(pids.stream().mapToDouble(ProcessFigures::peakRssMib).max().orElse(0) * 10) / 10.0));
        }
        m.put("cpu_ms_per_pod_all_four", Math.round(1000.0 * total / pods * 100) / 100.0);
        return m;
    }

    /** The services' requests per pod from the API server's audit log: total, per service, per verb and resource. */
    static Map<String, Object> auditedPerPod(Map<String, Map<String, Long>> requests, int pods) {
        Map<String, Object> m = new LinkedHashMap<>();
        long total = requests.values().stream().flatMap(r -> r.values().stream()).mapToLong(Long::longValue).sum();
        m.put("total", Math.round(1000.0 * total / pods) / 1000.0);
        requests.forEach((service, byCall) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("total", Math.round(1000.0 * byCall.values().stream().mapToLong(Long::longValue).sum() / pods) / 1000.0);
            byCall.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> s.put(e.getKey(), Math.round(1000.0 * e.getValue() / pods) / 1000.0));
            m.put(service, s);
        });
        return m;
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
                    "describe-container-group-status", "describe-container-group-events", "update-container-group")) {
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
