package io.vnode.localkube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A real Kubernetes control plane on loopback, from the binary {@code control-plane/build.sh} builds:
 * etcd (data in a temp dir), kube-apiserver (TLS, client-certificate auth, Node and RBAC authorization,
 * service-account tokens, the default admission plugins plus NodeRestriction), kube-controller-manager,
 * kube-scheduler, and ordinary nodes that run what the scheduler binds to them (the binary's
 * {@code node}). It writes an admin kubeconfig, mints ServiceAccount tokens, and stops every process it
 * started on {@link #close()}, on JVM exit, and (each child watches its parent) when the JVM is killed.
 */
public final class KubeControlPlane implements AutoCloseable {

    /** Ordinary (non-virtual) node: its name, capacity and extra labels. */
    public record NodeSpec(String name, String cpu, String memory, Map<String, String> labels) {

        /** A 6-CPU, 16 GiB worker, as seed 003's example cluster has. */
        public static NodeSpec worker(String name) {
            return new NodeSpec(name, "6", "16Gi", Map.of());
        }
    }

    /**
     * @param workDir where certificates, kubeconfigs and logs go (etcd's data is a temp dir deleted on close)
     * @param apiPort the API server's port; 0 picks a free one
     * @param nodes the ordinary nodes to run
     * @param extraFlags per component ({@code kube-apiserver}, {@code kube-controller-manager}, {@code kube-scheduler},
     *     {@code etcd}): flags added to its command line, name without dashes to value, e.g.
     *     {@code node-monitor-grace-period -> 8s}
     */
    public record Options(Path repoRoot, Path workDir, int apiPort, List<NodeSpec> nodes, Map<String, Map<String, String>> extraFlags) {

        public Options(Path repoRoot, Path workDir, int apiPort, List<NodeSpec> nodes) {
            this(repoRoot, workDir, apiPort, nodes, Map.of());
        }

        List<String> flagsOf(String component) {
            List<String> flags = new ArrayList<>();
            extraFlags.getOrDefault(component, Map.of()).forEach((k, v) -> flags.add("--" + k + "=" + v));
            return flags;
        }
    }

    /** The components whose flags {@link Options#extraFlags()} can add to. */
    public static final java.util.Set<String> COMPONENTS = java.util.Set.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");

    /** The binary could not be had: exit code 3 of build.sh means no Go toolchain, anything else a failed build. */
    public static final class BuildFailed extends RuntimeException {
        private final boolean noToolchain;

        BuildFailed(String message, boolean noToolchain) {
            super(message);
            this.noToolchain = noToolchain;
        }

        public boolean noToolchain() {
            return noToolchain;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String SERVICE_CIDR = "10.96.0.0/16";

    private final Options options;
    private final Path pki;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Launched> launched = new java.util.LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "control-plane-stop");
    private Path etcdData;
    private Path binary;
    private String url;
    private Path adminKubeconfig;
    private volatile boolean closed;

    private KubeControlPlane(Options options) {
        this.options = options;
        this.pki = options.workDir().resolve("pki");
        this.logs = options.workDir().resolve("logs");
    }

    /**
     * Builds the binary if its cache lacks it (progress and errors go to {@code progress}) and returns
     * its path. Throws {@link BuildFailed} with the build's error.
     */
    public static Path binary(Path repoRoot, Consumer<String> progress) {
        Path script = repoRoot.resolve("control-plane").resolve("build.sh");
        try {
            Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(false).start();
            Thread errors = new Thread(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(build.getErrorStream(),
                        StandardCharsets.UTF_8)).lines()) {
                    lines.forEach(progress);
                }
            }, "control-plane-build-progress");
            errors.setDaemon(true);
            errors.start();
            String out;
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
                out = reader.lines().collect(Collectors.joining("\n"));
            }
            int code = build.waitFor();
            errors.join();
            if (code != 0) {
                throw new BuildFailed("control-plane/build.sh exited with " + code + " (its error is above)", code == 3);
            }
            String[] lines = out.strip().split("\n");
            return Path.of(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new BuildFailed("cannot run " + script + ": " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailed("interrupted while building the control plane", false);
        }
    }

    /** Builds (if needed) and starts the control plane and its nodes; returns once all of it is ready. */
    public static KubeControlPlane start(Options options, Consumer<String> progress) {
        KubeControlPlane plane = new KubeControlPlane(options);
        Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
        try {
            plane.startAll(progress);
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        binary = binary(options.repoRoot(), progress);
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logs);
            etcdData = Files.createTempDirectory("vnode-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String nodeNames = options.nodes().stream().map(NodeSpec::name).collect(Collectors.joining(","));
        run("pki", List.of("--dir", pki.toString(), "--nodes", nodeNames));

        int etcdPort = Ports.freeRun(2);
        start("etcd", List.of("--name", "vnode", "--data-dir", etcdData.toString(),
                "--listen-client-urls", "http://127.0.0.1:" + etcdPort,
                "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls", "http://127.0.0.1:" + (etcdPort + 1),
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + (etcdPort + 1),
                "--initial-cluster", "vnode=http://127.0.0.1:" + (etcdPort + 1),
                "--unsafe-no-fsync", "--log-level", "warn"));
        awaitHttp("etcd", URI.create("http://127.0.0.1:" + etcdPort + "/health"));

        int apiPort = options.apiPort() == 0 ? Ports.free() : options.apiPort();
        url = "https://127.0.0.1:" + apiPort;
        start("kube-apiserver", List.of(
                "--etcd-servers", "http://127.0.0.1:" + etcdPort,
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", Integer.toString(apiPort),
                "--cert-dir", pki.resolve("apiserver-generated").toString(),
                "--tls-cert-file", file("apiserver.crt"), "--tls-private-key-file", file("apiserver.key"),
                "--client-ca-file", file("ca.crt"),
                "--authorization-mode", "Node,RBAC",
                "--enable-admission-plugins", "NodeRestriction",
                "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file", file("sa.pub"), "--service-account-signing-key-file", file("sa.key"),
                "--service-cluster-ip-range", SERVICE_CIDR,
                "--kubelet-client-certificate", file("apiserver-kubelet-client.crt"),
                "--kubelet-client-key", file("apiserver-kubelet-client.key"),
                "--kubelet-certificate-authority", file("ca.crt"),
                "--kubelet-preferred-address-types", "InternalIP",
                "--allow-privileged=true",
                "--profiling=false"));
        adminKubeconfig = writeKubeconfig("admin", clientCertUser("admin"));
        awaitApiServer();

        Path cmConfig = writeKubeconfig("controller-manager", clientCertUser("controller-manager"));
        start("kube-controller-manager", List.of("--kubeconfig", cmConfig.toString(),
                "--authentication-kubeconfig", cmConfig.toString(), "--authorization-kubeconfig", cmConfig.toString(),
                "--secure-port", "0", "--leader-elect=false",
                "--use-service-account-credentials=true",
                "--service-account-private-key-file", file("sa.key"), "--root-ca-file", file("ca.crt"),
                "--service-cluster-ip-range", SERVICE_CIDR,
                "--kube-api-qps", "200", "--kube-api-burst", "400"));
        Path schedulerConfig = writeKubeconfig("scheduler", clientCertUser("scheduler"));
        start("kube-scheduler", List.of("--kubeconfig", schedulerConfig.toString(),
                "--authentication-kubeconfig", schedulerConfig.toString(), "--authorization-kubeconfig", schedulerConfig.toString(),
                "--secure-port", "0", "--leader-elect=false"));
        int subnet = 10;
        for (NodeSpec node : options.nodes()) {
            Path nodeConfig = writeKubeconfig("node-" + node.name(), clientCertUser("node-" + node.name()));
            String labels = node.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            start("node-" + node.name(), "node", List.of("--kubeconfig", nodeConfig.toString(), "--name", node.name(),
                    "--cpu", node.cpu(), "--memory", node.memory(), "--labels", labels,
                    "--pod-subnet", Integer.toString(subnet++)));
        }
        awaitClusterReady();
        progress.accept(String.format("control plane %s (Kubernetes %s) ready in %.1f s; nodes %s; logs in %s",
                url, version(), (System.nanoTime() - t0) / 1e9, nodeNames, logs));
    }

    private String file(String name) {
        return pki.resolve(name).toString();
    }

    private void run(String component, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), component));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(component + ".log").toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("control-plane " + component + " failed; see " + logs.resolve(component + ".log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void start(String component, List<String> args) {
        start(component, component, args);
    }

    private synchronized void start(String name, String component, List<String> args) {
        if (closed) {
            throw new IllegalStateException("the control plane is closed");
        }
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), component));
        cmd.addAll(args);
        cmd.addAll(options.flagsOf(component));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        // the child exits when this JVM does, however it ends (main.go: VNODE_PARENT_PID)
        builder.environment().put("VNODE_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        builder.environment().put("GOMAXPROCS", "2");
        try {
            Process process = builder.start();
            processes.add(process);
            launched.put(name, new Launched(builder, process));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started component: how to start it again, and its current process. */
    private record Launched(ProcessBuilder builder, Process process) {
    }

    /**
     * Stops one component ({@code kube-apiserver}, {@code kube-scheduler}, ..., {@code node-<name>}) as an
     * outage would (SIGTERM, then SIGKILL after 10 s); {@link #resume} starts it again.
     */
    public synchronized void suspend(String name) {
        Launched l = launched.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no component " + name + "; started: " + launched.keySet());
        }
        l.process().destroy();
        try {
            if (!l.process().waitFor(10, TimeUnit.SECONDS)) {
                l.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a {@link #suspend suspended} component again with the same flags; for the API server, waits until it is ready. */
    public void resume(String name) {
        synchronized (this) {
            Launched l = launched.get(name);
            if (l == null) {
                throw new IllegalArgumentException("no component " + name);
            }
            if (l.process().isAlive()) {
                return;
            }
            try {
                Process process = l.builder().start();
                processes.set(processes.indexOf(l.process()), process);
                launched.put(name, new Launched(l.builder(), process));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (name.equals("kube-apiserver")) {
            awaitApiServer();
        }
    }

    private void awaitHttp(String what, URI uri) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        awaitTrue(what, () -> {
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void awaitApiServer() {
        try (KubernetesClient client = adminClient()) {
            awaitTrue("kube-apiserver /readyz", () -> {
                try {
                    return "ok".equals(client.raw("/readyz"));
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }

    /** Every node Ready, and the controllers at work: the default ServiceAccount exists in "default". */
    private void awaitClusterReady() {
        try (KubernetesClient client = adminClient()) {
            awaitTrue("nodes Ready and the default ServiceAccount", () -> {
                try {
                    for (NodeSpec spec : options.nodes()) {
                        Node node = client.nodes().withName(spec.name()).get();
                        if (node == null || !ready(node)) {
                            return false;
                        }
                    }
                    return client.serviceAccounts().inNamespace("default").withName("default").get() != null;
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }

    private interface Check {
        boolean ok() throws InterruptedException;
    }

    private void awaitTrue(String what, Check check) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("a control-plane process exited with " + p.exitValue()
                                + " while waiting for " + what + "; logs in " + logs + "\n" + logTails());
                    }
                }
                if (check.ok()) {
                    return;
                }
                Thread.sleep(100); // polling a process that offers no notification of readiness
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(what + " not ready after " + READY_TIMEOUT + "; logs in " + logs + "\n" + logTails());
    }

    private String logTails() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("== ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        } catch (IOException | UncheckedIOException e) {
            b.append("(logs unreadable: ").append(e.getMessage()).append(")");
        }
        return b.toString();
    }

    private String clientCertUser(String name) {
        return """
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(base64(pki.resolve(name + ".crt")), base64(pki.resolve(name + ".key")));
    }

    private Path writeKubeconfig(String name, String user) {
        Path path = options.workDir().resolve(name.equals("admin") ? "kubeconfig" : "kubeconfig-" + name);
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: vnode-local
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: %s
                  context:
                    cluster: vnode-local
                    user: %s
                    namespace: default
                current-context: %s
                users:
                - name: %s
                  user:
                %s""".formatted(url, base64(pki.resolve("ca.crt")), name, name, name, name, user.stripTrailing());
        try {
            Files.writeString(path, yaml + "\n");
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token of {@code namespace/serviceAccount} (created if missing), valid for {@code validity}. */
    public String tokenFor(String namespace, String serviceAccount, Duration validity) {
        try (KubernetesClient client = adminClient()) {
            var accounts = client.serviceAccounts().inNamespace(namespace);
            if (accounts.withName(serviceAccount).get() == null) {
                accounts.resource(new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount)
                        .withNamespace(namespace).endMetadata().build()).create();
            }
            TokenRequest request = new TokenRequestBuilder().withNewSpec()
                    .withExpirationSeconds(validity.toSeconds()).endSpec().build();
            return accounts.withName(serviceAccount).tokenRequest(request).getStatus().getToken();
        }
    }

    /** A kubeconfig (in the work dir) that acts as {@code namespace/serviceAccount}: exactly its RBAC permissions. */
    public Path kubeconfigFor(String namespace, String serviceAccount, Duration validity) {
        String token = tokenFor(namespace, serviceAccount, validity);
        return writeKubeconfig("sa-" + namespace + "-" + serviceAccount, "    token: " + token + "\n");
    }

    /** The control-plane binary (its {@code kubectl} subcommand is kubectl of the same release). */
    public Path binaryPath() {
        return binary;
    }

    /** The admin kubeconfig (system:masters). */
    public Path kubeconfig() {
        return adminKubeconfig;
    }

    /** The directory of ca.crt and the loopback serving pair services.crt/services.key (and every other key). */
    public Path pki() {
        return pki;
    }

    public String url() {
        return url;
    }

    /** The Kubernetes release of the running API server, e.g. v1.36.3. */
    public String version() {
        try (KubernetesClient client = adminClient()) {
            return client.getKubernetesVersion().getGitVersion();
        }
    }

    /** A new admin client; the caller closes it. */
    public KubernetesClient adminClient() {
        try {
            Config config = Config.fromKubeconfig(Files.readString(adminKubeconfig));
            config.setRequestTimeout(60_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the node's Ready condition is True. */
    private static boolean ready(Node node) {
        List<NodeCondition> conditions = node.getStatus() == null ? null : node.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Stops every process (nodes and controllers first, etcd last) and deletes etcd's data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (etcdData != null) {
            deleteQuietly(etcdData);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (this runs as the hook)
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("while deleting " + dir + ": " + e);
        }
    }
}
