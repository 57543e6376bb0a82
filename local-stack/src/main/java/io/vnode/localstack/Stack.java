package io.vnode.localstack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vnode.emulator.EciEmulator;
import io.vnode.emulator.EmulatorSettings;
import io.vnode.emulator.Timing;
import io.vnode.localkube.KubeControlPlane;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole product on one machine: a Kafka broker (given, or started as its own process), the
 * Kubernetes API (the local CRUD server, or the cluster a kubeconfig names), the ECI emulator, and
 * the four services as their own JVMs, wired to each other. Closing it stops everything it started.
 */
public final class Stack implements AutoCloseable {

    public static final String REGION = "cn-hangzhou";
    public static final String ZONE = "cn-hangzhou-k";
    public static final String NODE = "virtual-kubelet-" + ZONE;
    public static final String CLUSTER_ID = "local";
    public static final String VSWITCH = "vsw-local-k";
    public static final String SECURITY_GROUP = "sg-local";
    public static final String ACCESS_KEY_ID = "testAkId";
    public static final String ACCESS_KEY_SECRET = "testAkSecret";
    public static final List<String> SERVICES = List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler");

    /** Which Kubernetes the stack runs on when no external kubeconfig is given. */
    public enum KubeSource {
        /** etcd, kube-apiserver, kube-controller-manager, kube-scheduler and a worker node (control-plane/). */
        CONTROL_PLANE,
        /** fabric8's CRUD server made kubectl-ready: no controllers, scheduler, admission or RBAC. */
        CRUD
    }

    /** Where things listen, how fast the cloud is, and which Kubernetes. */
    public record Options(Path repoRoot, Path workDir, int kafkaPort, int kubePort, int emulatorPort,
                          int firstServicePort, int kubeletPort, Timing timing, String externalKafka,
                          String externalKubeconfig, Map<String, Map<String, String>> extraProperties, KubeSource kube) {

        public static Options local(Path repoRoot) {
            return new Options(repoRoot, repoRoot.resolve(".local-stack"), 19092, 18081, 18080, 18181, 10250,
                    Timing.realistic(), null, System.getenv("KUBECONFIG"), Map.of(), KubeSource.CONTROL_PLANE);
        }

        /** The services reach the API server through a kubeconfig (a user's cluster or the local control plane). */
        public boolean kubeconfigBased() {
            return externalKubeconfig != null || kube == KubeSource.CONTROL_PLANE;
        }
    }

    /** The GPU-HPN capacity reservation of the local stack (control plane only) and its virtual node. */
    public static final String RESERVATION = "crp-local";
    public static final String RESERVED_NODE = "virtual-kubelet-" + ZONE + "-rsv-" + RESERVATION;

    /** The worker node of the local control plane: 6 CPUs, as seed 003's example cluster. */
    public static final String WORKER = "worker-1";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
    private String kafkaBootstrap;
    private String kubeUrl;
    private Path kubeconfig;
    private KafkaProcess kafka;
    /** The broker's data: a temp dir of this run (the local API server is new each run and hands out the same uids). */
    private Path kafkaData;
    private EciEmulator emulator;
    private LocalKubeApi localApi;
    private KubeControlPlane controlPlane;
    private int kubeletPort;
    private java.util.function.Function<KubeControlPlane, Map<String, Path>> identities;
    private Map<String, Path> serviceKubeconfigs = Map.of();
    private final Options options;

    private Stack(Options options) {
        this.options = options;
    }

    public static Stack start(Options options, java.util.function.Consumer<String> progress) {
        return start(options, progress, null);
    }

    /**
     * Starts the stack; on the local control plane, {@code identities} (may be null: every service is admin)
     * gives each service the kubeconfig it runs with, e.g. a ServiceAccount token bound to the chart's RBAC.
     */
    public static Stack start(Options options, java.util.function.Consumer<String> progress,
                              java.util.function.Function<KubeControlPlane, Map<String, Path>> identities) {
        Stack stack = new Stack(options);
        stack.identities = identities;
        // the services and the broker are child processes: stop them when this JVM ends, however it ends short of SIGKILL
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stack-children-stop"));
        try {
            stack.startAll(progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(java.util.function.Consumer<String> progress) {
        Path logs = options.workDir().resolve("logs");
        if (options.externalKafka() != null) {
            kafkaBootstrap = options.externalKafka();
        } else {
            try {
                kafkaData = Files.createTempDirectory("vnode-kafka-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            kafka = KafkaProcess.start(kafkaData, options.kafkaPort(), logs.resolve("kafka.log"));
            started.add(kafka);
            kafka.createTopics(6);
            kafkaBootstrap = kafka.bootstrap();
        }
        progress.accept("kafka       " + kafkaBootstrap + (kafka != null ? "  (pid " + kafka.pid() + ", KRaft, data in " + kafkaData + ", deleted on exit)" : ""));

        if (options.externalKubeconfig() != null) {
            kubeconfig = Path.of(options.externalKubeconfig());
            try (KubernetesClient client = kubeClient()) {
                kubeUrl = client.getMasterUrl().toString();
            }
            progress.accept("kubernetes  " + kubeUrl + "  (your cluster, from KUBECONFIG)");
        } else if (options.kube() == KubeSource.CONTROL_PLANE) {
            // extraProperties keyed by a control-plane component are that component's extra flags
            Map<String, Map<String, String>> flags = new LinkedHashMap<>(options.extraProperties());
            flags.keySet().retainAll(KubeControlPlane.COMPONENTS);
            controlPlane = KubeControlPlane.start(new KubeControlPlane.Options(options.repoRoot(),
                    options.workDir().resolve("control-plane"), options.kubePort(), List.of(KubeControlPlane.NodeSpec.worker(WORKER)),
                    flags), progress);
            started.add(controlPlane);
            kubeUrl = controlPlane.url();
            kubeconfig = options.workDir().resolve("kubeconfig");
            try {
                Files.copy(controlPlane.kubeconfig(), kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Path kubectl = writeKubectl(options.workDir().resolve("bin").resolve("kubectl"));
            progress.accept("kubernetes  " + kubeUrl + "  (Kubernetes " + controlPlane.version()
                    + ": etcd, kube-apiserver, kube-controller-manager, kube-scheduler, node " + WORKER + ")");
            progress.accept("kubectl     " + kubectl + "  (kubectl " + controlPlane.version()
                    + " on this stack; or any kubectl with export KUBECONFIG=" + kubeconfig + ")");
            try (KubernetesClient client = kubeClient()) {
                createCredentialsSecret(client);
                progress.accept("crds        " + applyChartCrds(client, options.repoRoot()) + " (the chart's crds/)");
            }
            if (identities != null) {
                serviceKubeconfigs = identities.apply(controlPlane);
                progress.accept("identities  " + serviceKubeconfigs.keySet() + " run with their own ServiceAccount tokens");
            }
        } else {
            LocalKubeApi api = LocalKubeApi.start(options.kubePort(), options.workDir().resolve("kubeconfig"));
            started.add(api);
            localApi = api;
            kubeUrl = api.url();
            kubeconfig = api.kubeconfig();
            progress.accept("kubernetes  " + kubeUrl + "  (local API server; export KUBECONFIG=" + kubeconfig + ")");
            try (KubernetesClient client = api.client()) {
                createCredentialsSecret(client);
            }
        }

        emulator = EciEmulator.start(EmulatorSettings.builder()
                .port(options.emulatorPort())
                .regionId(REGION)
                .zones(List.of(ZONE))
                .vSwitchZones(Map.of(VSWITCH, ZONE))
                .credentials(Map.of(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
                .timing(options.timing())
                .build());
        started.add(emulator);
        progress.accept("eci api     http://" + emulator.endpoint() + "  (ECI emulator; admin at /admin/instances, /admin/stats)");

        int port = options.firstServicePort();
        kubeletPort = options.kubeletPort() == 0 ? Ports.free() : options.kubeletPort();
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (String module : SERVICES) {
            ServiceProcess service = launch(module, module, port++, Map.of());
            services.put(module, service);
            started.add(service);
            starting.add(CompletableFuture.supplyAsync(() -> service.awaitReady(Duration.ofSeconds(180))));
        }
        for (CompletableFuture<ServiceProcess> f : starting) {
            ServiceProcess s = f.join();
            progress.accept(String.format("%-11s %s  (pid %d, log %s)", s.name(), s.url(), s.pid(), s.log()));
        }
        if (controlPlane != null) {
            try (KubernetesClient client = kubeClient()) {
                registerWebhook(client, services.get("node-agent").url() + "/mutate");
            }
            progress.accept("webhook     " + services.get("node-agent").url() + "/mutate  (MutatingWebhookConfiguration "
                    + WEBHOOK + ", CA " + controlPlane.pki().resolve("ca.crt") + ")");
        }
    }

    private ServiceProcess launch(String module, String name, int port, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>(propertiesOf(module));
        props.putAll(options.extraProperties().getOrDefault(module, Map.of()));
        props.putAll(overrides);
        // a user's cluster: the services read its kubeconfig (credentials included); the local one: its URL
        Path serviceKubeconfig = serviceKubeconfigs.getOrDefault(module, kubeconfig);
        Map<String, String> env = options.kubeconfigBased()
                ? Map.of("KUBECONFIG", serviceKubeconfig.toAbsolutePath().toString()) : Map.of();
        // on the control plane node-agent serves HTTPS (its webhook is called by the API server)
        boolean https = controlPlane != null && module.equals("node-agent");
        return ServiceProcess.start(options.repoRoot(), module, name, port, props, env, options.workDir().resolve("logs"),
                https ? controlPlane.pki().resolve("ca.crt") : null);
    }

    /**
     * Starts one more replica of a service ({@code <module>-2}, ...), as a Deployment with replicas > 1 runs:
     * same configuration, its own port (node-agent: its own kubelet port too; the node keeps advertising the
     * first one's). Returns it ready.
     */
    public synchronized ServiceProcess addReplica(String module) {
        List<ServiceProcess> list = replicas.computeIfAbsent(module, m -> new ArrayList<>());
        String name = module + "-" + (list.size() + 2);
        Map<String, String> overrides = module.equals("node-agent")
                ? Map.of("vnode.kubelet.listen-port", Integer.toString(Ports.free())) : Map.of();
        ServiceProcess replica = launch(module, name, Ports.free(), overrides);
        list.add(replica);
        started.add(replica);
        return replica.awaitReady(Duration.ofSeconds(180));
    }

    /** The extra replicas of a service started with {@link #addReplica}. */
    public synchronized List<ServiceProcess> replicas(String module) {
        return List.copyOf(replicas.getOrDefault(module, List.of()));
    }

    /** A kubectl of the control plane's release that talks to this stack unless KUBECONFIG says otherwise. */
    private Path writeKubectl(Path script) {
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\n# kubectl " + controlPlane.version() + " for the local stack (./run-local.sh)\n"
                    + "KUBECONFIG=\"${KUBECONFIG:-" + kubeconfig.toAbsolutePath() + "}\" exec '"
                    + controlPlane.binaryPath() + "' kubectl \"$@\"\n");
            script.toFile().setExecutable(true);
            return script;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String WEBHOOK = "vnode-node-agent";

    /**
     * node-agent's routing webhook, registered as the chart registers it (CREATE of pods, every namespace
     * but kube-system, failurePolicy Ignore, 5 s), at a URL on loopback instead of a Service.
     */
    private void registerWebhook(KubernetesClient client, String url) {
        String caBundle;
        try {
            caBundle = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(controlPlane.pki().resolve("ca.crt")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder()
                        .withNewMetadata().withName(WEBHOOK).endMetadata()
                        .addNewWebhook()
                        .withName("pods.vnode.alibabacloud.com")
                        .withAdmissionReviewVersions("v1").withSideEffects("None").withFailurePolicy("Ignore")
                        .withTimeoutSeconds(5).withReinvocationPolicy("Never").withMatchPolicy("Equivalent")
                        .withNewClientConfig().withUrl(url).withCaBundle(caBundle).endClientConfig()
                        .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1")
                        .withResources("pods").withScope("Namespaced").endRule()
                        .withNewNamespaceSelector().addNewMatchExpression().withKey("kubernetes.io/metadata.name")
                        .withOperator("NotIn").withValues("kube-system").endMatchExpression().endNamespaceSelector()
                        .endWebhook()
                        .build()).createOr(c -> c.update());
    }

    /** Creates (or updates) every CustomResourceDefinition of the chart's crds/ and waits until each is Established. */
    public static List<String> applyChartCrds(KubernetesClient client, Path repoRoot) {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(repoRoot.resolve("helm/vnode/crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var in = Files.newInputStream(file)) {
                    for (var crd : client.load(in).items()) {
                        client.resource(crd).serverSideApply();
                        names.add(crd.getMetadata().getName());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(c -> c != null
                    && c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                    .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 60, java.util.concurrent.TimeUnit.SECONDS);
        }
        return names;
    }

    /** The Secret the documents tell users to create: kube-system/alibaba-addon-secret (the emulator's AccessKey). */
    public static void createCredentialsSecret(KubernetesClient client) {
        for (String ns : List.of("default", "kube-system")) { // a real cluster has both from the start
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata().withName(ns).addToLabels("kubernetes.io/metadata.name", ns).endMetadata().build())
                        .create();
            }
        }
        client.secrets().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("alibaba-addon-secret").withNamespace("kube-system").endMetadata()
                .addToData("access-key-id", base64(ACCESS_KEY_ID))
                .addToData("access-key-secret", base64(ACCESS_KEY_SECRET))
                .build()).createOr(c -> c.update());
    }

    private static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The configuration each service gets in the local stack. */
    Map<String, String> propertiesOf(String module) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.cloud.stream.kafka.binder.brokers", kafkaBootstrap);
        if (!options.kubeconfigBased()) {
            p.put("vnode.kube.master-url", kubeUrl);
        }
        p.put("logging.level.root", "INFO");
        switch (module) {
            case "node-agent" -> {
                p.put("vnode.region-id", REGION);
                p.put("vnode.zones", ZONE);
                p.put("vnode.kafka.bootstrap-servers", kafkaBootstrap);
                p.put("vnode.local-binder.enabled", Boolean.toString(!options.kubeconfigBased()));
                p.put("vnode.cloud.endpoint", emulator.endpoint());
                p.put("vnode.cloud.protocol", "HTTP");
                p.put("vnode.cloud.access-key-id", ACCESS_KEY_ID);
                p.put("vnode.cloud.access-key-secret", ACCESS_KEY_SECRET);
                p.put("vnode.kubelet.listen-port", Integer.toString(kubeletPort));
                if (controlPlane != null) {
                    // a GPU-HPN capacity reservation: its own virtual node, for the seed's gpu-hpn Deployment
                    p.put("vnode.reservations[0].id", RESERVATION);
                    p.put("vnode.reservations[0].zone", ZONE);
                    // the API server calls the webhook and the kubelet port with TLS, and proxies logs with its
                    // kubelet client certificate (signed by the cluster CA) to the node's InternalIP
                    String crt = controlPlane.pki().resolve("services.crt").toString();
                    String key = controlPlane.pki().resolve("services.key").toString();
                    p.put("server.ssl.certificate", crt);
                    p.put("server.ssl.certificate-private-key", key);
                    p.put("vnode.kubelet.cert-file", crt);
                    p.put("vnode.kubelet.key-file", key);
                    p.put("vnode.kubelet.client-ca-file", controlPlane.pki().resolve("ca.crt").toString());
                    p.put("vnode.node.internal-ip", "127.0.0.1");
                    p.put("vnode.node.kubelet-port", Integer.toString(kubeletPort));
                }
                p.put("vnode.resync-period", "30s");
            }
            case "pod-translator" -> {
                p.put("vnode.translator.region-id", REGION);
                p.put("vnode.profile.v-switch-ids", VSWITCH);
                p.put("vnode.profile.v-switch-zones", VSWITCH + "=" + ZONE);
                p.put("vnode.profile.security-group-id", SECURITY_GROUP);
                if (controlPlane != null) {
                    // the address the instances are given for the API server (KUBERNETES_SERVICE_HOST/PORT)
                    java.net.URI api = java.net.URI.create(controlPlane.url());
                    p.put("vnode.translator.api-server-host", api.getHost());
                    p.put("vnode.translator.api-server-port", Integer.toString(api.getPort()));
                }
            }
            case "cloud-executor" -> {
                p.put("vnode.cloud.endpoint", emulator.endpoint());
                p.put("vnode.cloud.protocol", "HTTP");
                p.put("vnode.cloud.region-id", REGION);
                if (controlPlane == null) {
                    // on a real API server the executor takes the kube-system namespace's UID, as installed
                    p.put("vnode.cloud.cluster-id", CLUSTER_ID);
                }
                p.put("vnode.watch.poll-interval", "1s");
                p.put("vnode.watch.resync-interval", "15s");
                p.put("vnode.executor.concurrency", "6");
            }
            case "status-reconciler" -> {
                // everything it needs comes from the events and the API server
            }
            default -> throw new IllegalArgumentException(module);
        }
        return p;
    }

    /** Stops the Kafka broker process and starts it again on the same port and data (chaos). */
    public void restartKafka() {
        stopKafka();
        startKafka();
    }

    /** Stops the Kafka broker process (an outage); {@link #startKafka} brings it back with its data. */
    public synchronized void stopKafka() {
        if (kafkaData == null) {
            throw new IllegalStateException("the broker is external to this stack");
        }
        if (kafka != null) {
            kafka.close();
            started.remove(kafka);
            kafka = null;
        }
    }

    /** Starts the stopped broker again on the same port and data. */
    public synchronized void startKafka() {
        if (kafka == null) {
            kafka = KafkaProcess.start(kafkaData, options.kafkaPort(), options.workDir().resolve("logs").resolve("kafka.log"));
            started.add(0, kafka);
        }
    }

    /** Requests the local API server served so far, by method and path pattern: {count, ms in the dispatcher}; empty for a user's cluster. */
    public Map<String, long[]> kubeApiRequests() {
        return localApi == null ? Map.of() : localApi.requestStats();
    }

    /** The control plane under the stack; null on the CRUD server or a user's cluster. */
    public KubeControlPlane controlPlane() {
        return controlPlane;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String kubeUrl() {
        return kubeUrl;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Where every service, the broker and the control plane write their logs. */
    public Path logDir() {
        return options.workDir().resolve("logs");
    }

    public EciEmulator emulator() {
        return emulator;
    }

    public ServiceProcess service(String module) {
        return services.get(module);
    }

    /**
     * A client of the stack's API server for tests, demo and benchmarks: a generous request timeout, since
     * the local API server (one event loop) answers slowly while a burst is being written.
     */
    public KubernetesClient kubeClient() {
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(read(kubeconfig));
        config.setRequestTimeout(60_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops everything this stack started, services first. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        java.util.Collections.reverse(reverse);
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
        if (kafkaData != null) {
            try {
                deleteRecursively(kafkaData);
            } catch (java.io.IOException e) {
                System.err.println("while deleting " + kafkaData + ": " + e);
            }
            kafkaData = null;
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
