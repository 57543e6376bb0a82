package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.InstanceView;
import io.vnode.emulator.Timing;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.testsupport.OtlpReceiver;
import io.vnode.localkube.PodFixtures;
import io.vnode.localkube.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the product documents, end to end on a real control plane: the seeds' YAML files
 * applied as written, kube-controller-manager creating their pods, the routing webhook and
 * kube-scheduler placing them on the virtual node, the four services as their own JVMs (from their
 * executable jars, each with the chart's ServiceAccount and RBAC), a real Kafka broker and the ECI emulator.
 */
class EndToEndIT {

    static final Duration SETTLE = Duration.ofSeconds(120);
    static Stack stack;
    /** Every service logs as the chart's default has it: one ECS JSON object a line. */
    static final Map<String, Map<String, String>> JSON_LOGS = Stack.SERVICES.stream().collect(java.util.stream.Collectors.toMap(
            s -> s, s -> Map.of("logging.structured.format.console", "ecs")));
    static KubernetesClient client;
    /** The executor's token renewal maximum age in this run. */
    static final Duration TOKEN_MAX_AGE = Duration.ofSeconds(20);

    static Path repo;
    static Path auditLog;
    /** Where every service exports its spans (the chart's tracing.otlpEndpoint). */
    static OtlpReceiver traces;

    @BeforeAll
    static void startStack() throws IOException {
        Path work = Files.createTempDirectory("vnode-e2e");
        repo = Path.of("..").toAbsolutePath().normalize();
        // the API server's audit log of the services' requests: what they used of the chart's RBAC
        auditLog = work.resolve("audit.log");
        traces = new OtlpReceiver();
        Map<String, Map<String, String>> extra = new java.util.HashMap<>();
        JSON_LOGS.forEach((service, properties) -> {
            Map<String, String> all = new java.util.HashMap<>(properties);
            all.put("vnode.tracing.otlp.endpoint", traces.tracesUrl());
            extra.put(service, all);
        });
        // tokens renewed as a kubelet's 24 h maximum age does, in seconds (theInstanceGetsThePodsServiceAccountToken...)
        extra.get("cloud-executor").put("vnode.watch.token-renewal.max-age", TOKEN_MAX_AGE.toSeconds() + "s");
        extra.put("kube-apiserver", Map.of("audit-policy-file", RbacAudit.writePolicy(work).toString(),
                "audit-log-path", auditLog.toString()));
        stack = Stack.start(new Stack.Options(repo, work, 0, 0, 0, Ports.freeRun(Stack.SERVICES.size()), 0, Timing.instant(),
                KafkaBroker.bootstrapServers(), null, extra, Stack.KubeSource.CONTROL_PLANE), line -> System.out.println("[e2e] " + line),
                // each service with exactly the permissions the Helm chart gives it
                plane -> ChartIdentities.apply(repo, plane));
        client = stack.kubeClient();
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            reportRbacUse();
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    /**
     * Prints, per service, what it used of the chart's RBAC in these tests, what the chart grants that no
     * call used, and what the API server denied; a denied call fails the class (the chart lacks a rule).
     */
    static void reportRbacUse() {
        if (!Files.exists(auditLog)) {
            return;
        }
        Map<String, RbacAudit.Use> use = RbacAudit.of(auditLog, ChartIdentities.rbac(repo, client));
        use.forEach((module, u) -> {
            System.out.println("[rbac] " + module + " used " + u.used());
            System.out.println("[rbac] " + module + " granted, not used here " + u.grantedUnused());
            System.out.println("[rbac] " + module + " denied " + u.denied());
        });
        assertThat(use.values().stream().flatMap(u -> u.denied().stream()).toList()).as("calls the chart's RBAC denied").isEmpty();
    }

    static Stream<Arguments> seedDeployments() {
        return Stream.of(
                Arguments.of("000-nginx-by-node-selector.yaml", "acs-"),
                Arguments.of("000-nginx-by-acs-label.yaml", "acs-"),
                Arguments.of("000-gpu-dep-node-selector-demo.yaml", "acs-"),
                Arguments.of("000-gpu-dep-by-acs-label.yaml", "acs-"),
                Arguments.of("001-nginx-by-acs-label.yaml", "acs-"),
                Arguments.of("001-gpu-dep-by-acs-label.yaml", "acs-"),
                Arguments.of("004-test-by-eci-label.yaml", "eci-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedDeployments")
    void seedDeploymentRunsOnTheVirtualNodeAsTheDocumentShows(String file, String idPrefix) {
        String ns = namespaceFor(file);
        Deployment deployment = deploymentOf(Seeds.create(client, file, ns));

        List<Pod> pods = awaitDeploymentPods(ns, deployment, p -> "Running".equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START));
        for (Pod pod : pods) {
            assertRunsOnTheVirtualNode(pod, idPrefix);
        }
        assertOneTraceThroughTheFourServices(pods.get(0));

        client.apps().deployments().inNamespace(ns).withName(deployment.getMetadata().getName()).delete();
        await().atMost(SETTLE).until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
        for (Pod pod : pods) {
            await().atMost(SETTLE).until(() -> instancesOf(pod).isEmpty());
        }
    }

    /** Seed 001's GPU-HPN Deployment, as written: kube-scheduler places it on the capacity reservation's virtual node. */
    @Test
    void gpuHpnDeploymentRunsOnTheReservedNodeAndOnlyThere() {
        String ns = namespaceFor("001-gpu-hpn-dep-reserved-node.yaml");
        Deployment deployment = deploymentOf(Seeds.create(client, "001-gpu-hpn-dep-reserved-node.yaml", ns));
        Pod pod = awaitDeploymentPods(ns, deployment, p -> "Running".equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START)).get(0);
        assertThat(pod.getSpec().getNodeName()).isEqualTo(Stack.RESERVED_NODE);
        assertThat(instanceId(pod)).startsWith("acs-");
        assertThat(instancesOf(pod)).singleElement().satisfies(i -> {
            assertThat(i.computeClass()).isEqualTo("gpu-hpn");
            assertThat(i.zoneId()).isEqualTo(Stack.ZONE);
        });
        var node = client.nodes().withName(Stack.RESERVED_NODE).get();
        assertThat(node.getMetadata().getLabels()).containsEntry(Keys.LABEL_NODE_TYPE, "reserved")
                .containsEntry(Keys.TOPOLOGY_CSI_ZONE, Stack.ZONE);
        // no other pod is placed there: every other scenario's pods land on Stack.NODE (asserted there), and the taint says why
        assertThat(node.getSpec().getTaints()).anySatisfy(t -> assertThat(t.getKey() + "=" + t.getValue()).isEqualTo("alibabacloud.com/node-type=reserved"));
        client.resource(deployment).delete();
    }

    /** k8s.aliyun.com/eci-fail-strategy when the cloud has no stock of the pod's spec (issue 17 item 6). */
    @Test
    void failFastFailsThePodOnNoStockAndFailBackWaitsForStock() {
        String ns = namespaceFor("fail-strategies");
        stack.emulator().admin().setNoStock("4-8Gi", true);
        try {
            Pod failFast = client.pods().inNamespace(ns).resource(outOfStockPod("fail-fast")).create();
            Pod failed = awaitPod(failFast, p -> "Failed".equals(phase(p)));
            assertThat(failed.getStatus().getReason()).isEqualTo("ContainerInstanceScheduleFailed");
            assertThat(failed.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("ContainerInstanceCreated");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getMessage()).isNotBlank();
            });
            await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsOf(failed))
                    .anySatisfy(e -> assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning ContainerInstanceScheduleFailed")));

            Pod failBack = client.pods().inNamespace(ns).resource(outOfStockPod("fail-back")).create();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> {
                Pod now = client.pods().inNamespace(ns).withName("fail-back").get();
                return "Pending".equals(phase(now)) && instanceId(now) == null;
            });
            stack.emulator().admin().setNoStock("4-8Gi", false);
            Pod running = awaitPod(failBack, p -> "Running".equals(phase(p)) && instanceId(p) != null);
            assertThat(running.getMetadata().getAnnotations()).containsKey(Keys.ECI_INSTANCE_SPEC);
        } finally {
            stack.emulator().admin().setNoStock("4-8Gi", false);
        }
    }

    private static Pod outOfStockPod(String strategy) {
        return new PodBuilder().withNewMetadata().withName(strategy).addToLabels(Keys.LABEL_ECI, "true")
                .addToAnnotations(Keys.ECI_USE_SPECS, "4-8Gi").addToAnnotations(Keys.ECI_FAIL_STRATEGY, strategy).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    }

    /** Jobs on the virtual node: the container's command decides how the pod ends (issue 18 item 9). */
    @Test
    void jobsThatFailAndThatCompleteEndAsTheirCommandsSayWithBillingStopMarks() {
        String ns = namespaceFor("jobs");
        var jobs = client.batch().v1().jobs().inNamespace(ns);
        jobs.resource(eciJob("fails", "echo starting; exit 3")).create();
        jobs.resource(eciJob("completes", "echo hello from the virtual node; sleep 2; echo done")).create();

        await().atMost(SETTLE).until(() -> conditionTrue(jobs.withName("fails").get(), "Failed"));
        Pod failed = client.pods().inNamespace(ns).withLabel("job-name", "fails").list().getItems().get(0);
        assertThat(phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
        await().atMost(SETTLE).until(() -> client.resource(failed).get().getMetadata().getAnnotations().containsKey(Keys.BILLING_STOP));

        await().atMost(SETTLE).until(() -> conditionTrue(jobs.withName("completes").get(), "Complete"));
        Pod completed = client.pods().inNamespace(ns).withLabel("job-name", "completes").list().getItems().get(0);
        assertThat(phase(completed)).isEqualTo("Succeeded");
        await().atMost(SETTLE).until(() -> client.resource(completed).get().getMetadata().getAnnotations().containsKey(Keys.BILLING_STOP));
        assertThat(kubectl("logs", "-n", ns, "job/completes")).contains("hello from the virtual node", "done");
    }

    /** A CronJob's run, created by the CronJob controller, completes on the virtual node (issue 18 item 9). */
    @Test
    void aCronJobRunCompletesOnTheVirtualNode() {
        String ns = namespaceFor("cronjob");
        client.batch().v1().cronjobs().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
                .withNewMetadata().withName("tick").endMetadata().withNewSpec().withSchedule("* * * * *")
                .withNewJobTemplate().withSpec(eciJob("tick", "echo tick").getSpec()).endJobTemplate().endSpec().build()).create();
        // the controller starts the run at the next minute
        Pod run = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                        .filter(p -> "Succeeded".equals(phase(p)) && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_STOP))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(run.getSpec().getNodeName()).isEqualTo(Stack.NODE);
        assertThat(instanceId(run)).startsWith("eci-");
        client.batch().v1().cronjobs().inNamespace(ns).withName("tick").delete();
    }

    static io.fabric8.kubernetes.api.model.batch.v1.Job eciJob(String name, String script) {
        return new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewMetadata().addToLabels(Keys.LABEL_ECI, "true").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox:1.36")
                .withCommand("sh", "-c", script).endContainer().endSpec().endTemplate().endSpec().build();
    }

    static boolean conditionTrue(io.fabric8.kubernetes.api.model.batch.v1.Job job, String type) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Probes the cloud reports: readiness flips the pod's Ready condition, liveness restarts the container (issue 18 item 7). */
    @Test
    void failingProbesShowOnThePodAsAKubeletWouldShowThem() {
        String ns = namespaceFor("probes");
        Pod created = client.pods().inNamespace(ns).resource(new PodBuilder(PodFixtures.nginxAcsByNodeSelector()).editMetadata()
                .withName("probed").withUid(null).withNamespace(ns).withOwnerReferences(List.of()).endMetadata().build()).create();
        Pod running = awaitPod(created, p -> "Running".equals(phase(p)) && instanceId(p) != null && ready(p));
        String instance = instanceId(running);
        String container = running.getSpec().getContainers().get(0).getName();

        assertThat(stack.emulator().admin().failProbe(instance, container, false, true)).isTrue();
        Pod notReady = awaitPod(created, p -> !ready(p));
        assertThat(phase(notReady)).isEqualTo("Running");
        assertThat(notReady.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
        stack.emulator().admin().failProbe(instance, container, false, false);
        awaitPod(created, EndToEndIT::ready);

        assertThat(stack.emulator().admin().failProbe(instance, container, true, true)).isTrue();
        Pod restarted = awaitPod(created, p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1);
        assertThat(restarted.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsOf(running))
                .anySatisfy(e -> assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning Unhealthy")));
        client.resource(running).delete();
    }

    /**
     * A pod's projected service-account token reaches its instance as a kubelet would mount it (token, ca.crt,
     * namespace in the kube-api-access volume): the API server accepts it as the pod's ServiceAccount, bound to
     * the pod (it is refused once the pod is gone), renewed in the instance before it expires;
     * automountServiceAccountToken: false gives none (issue 18 item 1).
     */
    @Test
    void theInstanceGetsThePodsServiceAccountTokenBoundToThePod() {
        String ns = namespaceFor("sa-token");
        client.serviceAccounts().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("robot").endMetadata().build()).create();
        Pod withToken = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("in-cluster-client")
                .addToLabels(Keys.LABEL_ECI, "true").endMetadata().withNewSpec().withServiceAccountName("robot").addNewContainer()
                .withName("main").withImage("nginx").endContainer().endSpec().build()).create();
        Pod without = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("no-token")
                .addToLabels(Keys.LABEL_ECI, "true").endMetadata().withNewSpec().withAutomountServiceAccountToken(false)
                .addNewContainer().withName("main").withImage("nginx").endContainer().endSpec().build()).create();
        Pod running = awaitPod(withToken, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        Pod runningWithout = awaitPod(without, p -> "Running".equals(phase(p)) && instanceId(p) != null);

        String volume = running.getSpec().getVolumes().stream().map(io.fabric8.kubernetes.api.model.Volume::getName)
                .filter(n -> n.startsWith("kube-api-access-")).findFirst().orElseThrow();
        String token = stack.emulator().admin().configFile(instanceId(running), volume, "token").orElseThrow();
        assertThat(stack.emulator().admin().configFile(instanceId(running), volume, "namespace")).contains(ns);
        assertThat(stack.emulator().admin().configFile(instanceId(running), volume, "ca.crt").orElseThrow())
                .startsWith("-----BEGIN CERTIFICATE-----");
        var review = client.authentication().v1().tokenReviews().create(new io.fabric8.kubernetes.api.model.authentication
                .TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:" + ns + ":robot");
        assertThat(review.getStatus().getUser().getExtra().get("authentication.kubernetes.io/pod-name"))
                .containsExactly("in-cluster-client");
        assertThat(runningWithout.getSpec().getVolumes()).noneMatch(v -> v.getName().startsWith("kube-api-access-"));
        // the default projection's 3607 s is extended by the API server: valid for far longer
        tools.jackson.databind.JsonNode claims = claims(token);
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isGreaterThan(Duration.ofDays(1).toSeconds());

        // renewed in the instance once older than the maximum age (a kubelet's 24 h, here TOKEN_MAX_AGE), as a
        // kubelet rotates it: a new token of the same pod, the other files as they were, the pod left running
        String renewed = await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(
                () -> stack.emulator().admin().configFile(instanceId(running), volume, "token").orElseThrow(), t -> !t.equals(token));
        assertThat(claims(renewed).path("iat").asLong() - claims.path("iat").asLong())
                .isGreaterThanOrEqualTo(TOKEN_MAX_AGE.toSeconds());
        var renewedReview = client.authentication().v1().tokenReviews().create(new io.fabric8.kubernetes.api.model.authentication
                .TokenReviewBuilder().withNewSpec().withToken(renewed).endSpec().build());
        assertThat(renewedReview.getStatus().getAuthenticated()).isTrue();
        assertThat(renewedReview.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:" + ns + ":robot");
        assertThat(renewedReview.getStatus().getUser().getExtra().get("authentication.kubernetes.io/pod-uid"))
                .containsExactly(running.getMetadata().getUid());
        assertThat(stack.emulator().admin().configFile(instanceId(running), volume, "namespace")).contains(ns);
        assertThat(stack.emulator().admin().configFile(instanceId(running), volume, "ca.crt").orElseThrow())
                .startsWith("-----BEGIN CERTIFICATE-----");
        Pod afterRenewal = client.resource(running).get();
        assertThat(phase(afterRenewal)).isEqualTo("Running");
        assertThat(afterRenewal.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();

        client.resource(running).delete();
        await().atMost(SETTLE).until(() -> client.pods().inNamespace(ns).withName("in-cluster-client").get() == null);
        // the API server caches a token's authentication for a few seconds; then the deleted pod ends it
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).until(() -> !Boolean.TRUE.equals(client.authentication().v1()
                .tokenReviews().create(new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                        .withToken(renewed).endSpec().build()).getStatus().getAuthenticated()));
        client.resource(runningWithout).delete();
    }

    /**
     * The node's resource metrics, scraped from the kubelet port as metrics-server scrapes them
     * ({@code /metrics/resource}, with a token allowed nodes/metrics; another token is refused) and the
     * Summary API, carry what the cloud measures of the pod's container (issue 18 item 6).
     */
    @Test
    void resourceMetricsOfThePodsAreServedAsMetricsServerReadsThem() throws Exception {
        String ns = namespaceFor("metrics");
        Pod created = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("busy")
                .addToLabels(Keys.LABEL_ECI, "true").endMetadata().withNewSpec().addNewContainer().withName("worker")
                .withImage("nginx").endContainer().endSpec().build()).create();
        Pod running = awaitPod(created, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        stack.emulator().admin().setUsage(instanceId(running), "worker", 0.3, 200L << 20);

        // metrics-server's identity: a ServiceAccount allowed nodes/metrics and nodes/stats, as its chart binds it
        String sa = "metrics-reader";
        client.serviceAccounts().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName(sa).endMetadata().build()).create();
        client.rbac().clusterRoles().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata()
                .withName("e2e-metrics-reader").endMetadata().addNewRule().withApiGroups("").withResources("nodes/metrics", "nodes/stats")
                .withVerbs("get").endRule().build()).createOr(c -> c.update());
        client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata().withName("e2e-metrics-reader").endMetadata().withNewRoleRef("rbac.authorization.k8s.io",
                        "ClusterRole", "e2e-metrics-reader").addNewSubject().withKind("ServiceAccount").withName(sa).withNamespace(ns)
                .endSubject().build()).createOr(c -> c.update());
        String token = stack.controlPlane().tokenFor(ns, sa, Duration.ofHours(1));
        String nobody = stack.controlPlane().tokenFor(ns, "default", Duration.ofHours(1));

        // scraped as metrics-server scrapes: the node's address and kubelet port, TLS, a bearer token
        String labels = "{container=\"worker\",namespace=\"" + ns + "\",pod=\"busy\"}";
        String metrics = await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2))
                .until(() -> kubeletGet("/metrics/resource", token).body(),
                        text -> text.contains("container_memory_working_set_bytes" + labels + " " + (200L << 20) + " "));
        assertThat(metrics).contains("# TYPE container_cpu_usage_seconds_total counter", "container_cpu_usage_seconds_total" + labels,
                "node_cpu_usage_seconds_total ", "node_memory_working_set_bytes ", "scrape_error 0");
        assertThat(kubeletGet("/metrics/resource", nobody).statusCode()).isEqualTo(403);

        tools.jackson.databind.JsonNode summary = tools.jackson.databind.json.JsonMapper.shared().readTree(
                kubeletGet("/stats/summary", token).body());
        assertThat(summary.path("node").path("nodeName").asString()).isEqualTo(Stack.NODE);
        tools.jackson.databind.JsonNode pod = java.util.stream.StreamSupport.stream(summary.path("pods").spliterator(), false)
                .filter(p -> p.path("podRef").path("uid").asString().equals(running.getMetadata().getUid())).findFirst().orElseThrow();
        assertThat(pod.path("containers").get(0).path("name").asString()).isEqualTo("worker");
        assertThat(pod.path("containers").get(0).path("cpu").path("usageNanoCores").asLong()).isEqualTo(300_000_000L);
        assertThat(pod.path("memory").path("workingSetBytes").asLong()).isEqualTo(200L << 20);
        client.resource(running).delete();
    }

    /**
     * {@code kubectl logs -f} through the API server streams each line once, as it is printed, and ends
     * when the container does; --tail, --limit-bytes and --timestamps cut as asked (issue 18 item 5).
     */
    @Test
    void kubectlLogsFollowStreamsUntilTheContainerEnds() throws Exception {
        String ns = namespaceFor("logs-follow");
        Pod created = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("talker")
                .addToLabels(Keys.LABEL_ECI, "true").endMetadata().withNewSpec().withRestartPolicy("Never").addNewContainer()
                .withName("main").withImage("busybox:1.36")
                .withCommand("sh", "-c", "echo one; sleep 6; echo two; sleep 6; echo three; sleep 6").endContainer().endSpec()
                .build()).create();
        awaitPod(created, p -> "Running".equals(phase(p)));

        List<String> cmd = List.of(stack.controlPlane().binaryPath().toString(), "kubectl", "--kubeconfig",
                stack.kubeconfig().toString(), "logs", "-f", "-n", ns, "talker");
        Process follow = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(follow.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    arrivals.add(System.nanoTime());
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        assertThat(follow.waitFor(SETTLE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).as("kubectl logs -f ends by itself").isTrue();
        long ended = System.nanoTime();
        reader.join(5_000);
        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(follow.exitValue()).isZero();
        assertThat(phase(client.resource(created).get())).isEqualTo("Succeeded");
        // streamed: "one" came while the container still had lines to print, not with the rest at its end
        assertThat(Duration.ofNanos(ended - arrivals.get(0))).isGreaterThan(Duration.ofSeconds(3));

        assertThat(kubectl("logs", "-n", ns, "talker", "--tail=1")).isEqualTo("three\n");
        assertThat(kubectl("logs", "-n", ns, "talker", "--limit-bytes=6")).isEqualTo("one\ntw");
        assertThat(kubectl("logs", "-n", ns, "talker", "--timestamps", "--since=1h").lines().toList())
                .hasSize(3).allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (one|two|three)"));
        client.resource(created).delete();
    }

    /**
     * A Deployment applied before the Secret and ConfigMap it needs waits as on a kubelet
     * (CreateContainerConfigError, ContainerCreating with FailedMount), creates no instance, and runs
     * when they are created; a missing optional reference waits for nothing (issue 18 item 8).
     */
    @Test
    void podsWaitForTheSecretsAndConfigMapsTheyNeedAndStartWhenTheyAppear() throws IOException {
        String ns = namespaceFor("missing-refs");
        Path yaml = Files.createTempFile("missing-refs", ".yaml");
        Files.writeString(yaml, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: env-app}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: env-app}}
                  template:
                    metadata: {labels: {app: env-app, alibabacloud.com/eci: "true"}}
                    spec:
                      containers:
                      - name: app
                        image: nginx
                        env:
                        - name: TOKEN
                          valueFrom: {secretKeyRef: {name: app-secret, key: token}}
                        - name: OPTIONAL
                          valueFrom: {configMapKeyRef: {name: not-there, key: k, optional: true}}
                        envFrom:
                        - configMapRef: {name: also-not-there, optional: true}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: volume-app}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: volume-app}}
                  template:
                    metadata: {labels: {app: volume-app, alibabacloud.com/eci: "true"}}
                    spec:
                      containers:
                      - name: app
                        image: nginx
                        volumeMounts: [{name: conf, mountPath: /etc/app}]
                      volumes:
                      - name: conf
                        configMap: {name: app-conf}
                """);
        assertThat(kubectl("apply", "-n", ns, "-f", yaml.toString())).contains("env-app created", "volume-app created");

        Pod envPod = awaitDeploymentPods(ns, deploymentNamed(ns, "env-app"), p -> waitingReason(p, "CreateContainerConfigError")).get(0);
        assertThat(phase(envPod)).isEqualTo("Pending");
        assertThat(envPod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
                .isEqualTo("secret \"app-secret\" not found (container app, env TOKEN)");
        assertThat(kubectl("get", "pod", "-n", ns, envPod.getMetadata().getName())).contains("CreateContainerConfigError");
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsOf(envPod)).anySatisfy(e -> {
            assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning Failed");
            assertThat(e.getMessage()).isEqualTo("Error: secret \"app-secret\" not found (container app, env TOKEN)");
        }));
        Pod volumePod = awaitDeploymentPods(ns, deploymentNamed(ns, "volume-app"), p -> waitingReason(p, "ContainerCreating")
                && eventsOf(p).stream().anyMatch(e -> "FailedMount".equals(e.getReason()))).get(0);
        assertThat(eventsOf(volumePod)).anySatisfy(e -> assertThat(e.getMessage())
                .isEqualTo("MountVolume.SetUp failed for volume \"conf\" : configmap \"app-conf\" not found"));
        assertThat(instancesOf(envPod)).isEmpty();
        assertThat(instancesOf(volumePod)).isEmpty();
        // the executor's JSON log line about the wait carries the pod's trace id (its uid's 32 hex digits)
        String traceId = envPod.getMetadata().getUid().replace("-", "");
        String line = await().atMost(SETTLE).until(() -> Files.readAllLines(stack.logDir().resolve("cloud-executor.log")).stream()
                .filter(l -> l.startsWith("{") && l.contains(traceId) && l.contains("waiting for secret")).findFirst().orElse(null),
                java.util.Objects::nonNull);
        tools.jackson.databind.JsonNode json = tools.jackson.databind.json.JsonMapper.shared().readTree(line);
        assertThat(ecsField(json, "trace", "id")).isEqualTo(traceId);
        assertThat(ecsField(json, "log", "level")).isEqualTo("INFO");
        assertThat(json.path("@timestamp").asString()).isNotBlank();

        assertThat(kubectl("create", "secret", "generic", "app-secret", "-n", ns, "--from-literal=token=t0k3n")).contains("created");
        assertThat(kubectl("create", "configmap", "app-conf", "-n", ns, "--from-literal=app.properties=mode=late")).contains("created");

        for (Pod p : List.of(envPod, volumePod)) {
            Pod running = awaitPod(p, q -> "Running".equals(phase(q)) && instanceId(q) != null);
            assertThat(running.getMetadata().getUid()).isEqualTo(p.getMetadata().getUid());
            assertThat(instancesOf(running)).hasSize(1);
        }
        assertThat(kubectl("delete", "-n", ns, "-f", yaml.toString())).contains("deleted");
    }

    /**
     * Issue 18 item 3: claims of a NAS and a disk PersistentVolume mount into the instance; the disk attaches to one
     * instance at a time; a pod whose claim does not exist yet waits as on a kubelet; a PV the cloud cannot mount
     * fails the pod saying why.
     */
    @Test
    void podsMountTheirClaimsAndWaitForAClaimThatIsNotThereYet() throws IOException {
        String ns = namespaceFor("claims");
        String diskId = "d-bp1e2e" + ns.hashCode();
        stack.emulator().admin().createDisk(diskId, Stack.ZONE, 20);
        Path yaml = Files.createTempFile("claims", ".yaml");
        Files.writeString(yaml, """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %1$s-nas}
                spec:
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteMany]
                  storageClassName: ""
                  csi:
                    driver: nasplugin.csi.alibabacloud.com
                    volumeHandle: %1$s-nas
                    volumeAttributes: {server: 0a1b2c-e2e.cn-hangzhou.nas.aliyuncs.com, path: /share}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: shared}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: ""
                  volumeName: %1$s-nas
                  resources: {requests: {storage: 10Gi}}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %1$s-disk}
                spec:
                  capacity: {storage: 20Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  csi: {driver: diskplugin.csi.alibabacloud.com, volumeHandle: %2$s, fsType: ext4}
                  nodeAffinity:
                    required:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: topology.diskplugin.csi.alibabacloud.com/zone, operator: In, values: [%3$s]}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  volumeName: %1$s-disk
                  resources: {requests: {storage: 20Gi}}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %1$s-host}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  hostPath: {path: /mnt/data}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: on-a-host}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: ""
                  volumeName: %1$s-host
                  resources: {requests: {storage: 1Gi}}
                """.formatted(ns, diskId, Stack.ZONE));
        assertThat(kubectl("apply", "-n", ns, "-f", yaml.toString())).contains("persistentvolumeclaim/data created");
        await().atMost(SETTLE).until(() -> client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
                .allMatch(c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase())));

        // NAS and disk: scheduled by kube-scheduler (the disk's zone is the node's), mounted by the cloud
        Pod first = client.pods().inNamespace(ns).resource(claimPod("first", null, "shared", "data")).create();
        Pod running = awaitPod(first, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        InstanceView instance = stack.emulator().admin().instance(instanceId(running)).orElseThrow();
        assertThat(instance.volumes()).anySatisfy(v -> {
            assertThat(v.name() + " " + v.type()).isEqualTo("shared NFSVolume");
            assertThat(v.fields()).containsEntry("NFSVolume.Server", "0a1b2c-e2e.cn-hangzhou.nas.aliyuncs.com")
                    .containsEntry("NFSVolume.Path", "/share");
        }).anySatisfy(v -> {
            assertThat(v.name() + " " + v.type()).isEqualTo("data DiskVolume");
            assertThat(v.fields()).containsEntry("DiskVolume.DiskId", diskId).containsEntry("DiskVolume.FsType", "ext4");
        });
        assertThat(instance.zoneId()).isEqualTo(Stack.ZONE);

        // a second pod on the same disk waits while the first instance holds it, and runs once it is gone
        Pod second = client.pods().inNamespace(ns).resource(claimPod("second", null, "data")).create();
        await().atMost(SETTLE).until(() -> stack.emulator().admin().stats().get("CreateContainerGroup").errorsByCode()
                .getOrDefault("IncorrectDiskStatus", 0L) > 0);
        assertThat(instancesOf(second)).isEmpty();
        assertThat(phase(client.pods().inNamespace(ns).withName("second").get())).isEqualTo("Pending");
        client.pods().inNamespace(ns).withName("first").delete();
        Pod secondRunning = awaitPod(second, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        assertThat(stack.emulator().admin().instance(instanceId(secondRunning)).orElseThrow().volumes())
                .anySatisfy(v -> assertThat(v.fields()).containsEntry("DiskVolume.DiskId", diskId));

        // bound to the node directly (as kubelets see such pods): a claim not there yet is waited for
        Pod early = client.pods().inNamespace(ns).resource(claimPod("early", Stack.NODE, "late")).create();
        Pod waiting = awaitPod(early, p -> waitingReason(p, "ContainerCreating")
                && eventsOf(p).stream().anyMatch(e -> "FailedMount".equals(e.getReason())));
        assertThat(eventsOf(waiting)).anySatisfy(e -> assertThat(e.getMessage())
                .isEqualTo("MountVolume.SetUp failed for volume \"late\" : persistentvolumeclaim \"late\" not found"));
        assertThat(instancesOf(waiting)).isEmpty();
        client.persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder().withNewMetadata()
                .withName(ns + "-late").endMetadata().withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .withAccessModes("ReadWriteMany").withStorageClassName("").withNewNfs().withServer("10.0.0.8").withPath("/late")
                .endNfs().endSpec().build()).create();
        client.persistentVolumeClaims().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("late").endMetadata().withNewSpec().withAccessModes("ReadWriteMany")
                .withStorageClassName("").withVolumeName(ns + "-late").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec().build()).create();
        Pod late = awaitPod(early, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        assertThat(late.getMetadata().getUid()).isEqualTo(early.getMetadata().getUid());
        assertThat(stack.emulator().admin().instance(instanceId(late)).orElseThrow().volumes()).anySatisfy(v ->
                assertThat(v.fields()).containsEntry("NFSVolume.Server", "10.0.0.8").containsEntry("NFSVolume.Path", "/late"));

        // a PV the cloud cannot mount: the pod fails saying what it is
        Pod hostPath = client.pods().inNamespace(ns).resource(claimPod("on-host", null, "on-a-host")).create();
        assertRejected(hostPath, "UnsupportedVolume");
        assertThat(client.pods().inNamespace(ns).withName("on-host").get().getStatus().getMessage())
                .contains("PersistentVolume " + ns + "-host (claim " + ns + "/on-a-host) is a hostPath volume");

        client.namespaces().withName(ns).delete();
        for (String pv : List.of("-nas", "-disk", "-host", "-late")) {
            client.persistentVolumes().withName(ns + pv).delete();
        }
    }

    /** A pod on ECI mounting the claims at /mnt/<claim>; bound to {@code nodeName} directly when it is not null. */
    private static Pod claimPod(String name, String nodeName, String... claims) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).addToLabels(Keys.LABEL_ECI, "true").endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("app").withImage("nginx").endContainer().endSpec();
        for (String claim : claims) {
            pod.editSpec().editFirstContainer().addNewVolumeMount().withName(claim).withMountPath("/mnt/" + claim).endVolumeMount()
                    .endContainer().addNewVolume().withName(claim).withNewPersistentVolumeClaim().withClaimName(claim)
                    .endPersistentVolumeClaim().endVolume().endSpec();
        }
        return pod.build();
    }

    /**
     * The pod's spans, exported by every service over OTLP: one trace (the pod's uid), from the agent's sync
     * through the translation and the create to the status written back, each a child of its record's traceparent.
     */
    static void assertOneTraceThroughTheFourServices(Pod pod) {
        String traceId = pod.getMetadata().getUid().replace("-", "");
        List<String> expected = List.of("node-agent sync pod", "pod-translator translate " + io.vnode.contracts.pod.PodBound.TYPE,
                "cloud-executor execute " + io.vnode.contracts.instance.CreateInstance.TYPE, "status-reconciler reconcile");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(traces.spansOfTrace(traceId))
                .extracting(span -> span.service() + " " + span.name()).containsAll(expected));
        assertThat(traces.spansOfTrace(traceId)).allSatisfy(span -> assertThat(span.parentSpanId()).matches("[0-9a-f]{16}"));
    }

    /** An ECS field, nested ({@code {"trace":{"id":...}}}) or dotted ({@code "trace.id"}) as formats differ. */
    static String ecsField(tools.jackson.databind.JsonNode json, String parent, String child) {
        tools.jackson.databind.JsonNode nested = json.path(parent).path(child);
        return nested.isMissingNode() ? json.path(parent + "." + child).asString(null) : nested.asString(null);
    }

    /** A GET on the virtual node's kubelet port at its advertised address, trusting the cluster CA. */
    /** The claims of a JWT (not verified). */
    static tools.jackson.databind.JsonNode claims(String jwt) {
        return tools.jackson.databind.json.JsonMapper.shared().readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static java.net.http.HttpResponse<String> kubeletGet(String path, String bearerToken) throws Exception {
        io.fabric8.kubernetes.api.model.Node node = client.nodes().withName(Stack.NODE).get();
        String address = node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).findFirst()
                .orElseThrow().getAddress();
        int port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(stack.controlPlane().pki().resolve("ca.crt"))) {
            trust.setCertificateEntry("cluster-ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://" + address + ":" + port + path))
                .header("Authorization", "Bearer " + bearerToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static Deployment deploymentNamed(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    static boolean waitingReason(Pod p, String reason) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null
                        && reason.equals(c.getState().getWaiting().getReason()));
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void podsOfANamespaceLabelledForEciRunOnEci() {
        Seeds.create(client, "004-namespace-vk.yaml", "default");
        Deployment deployment = deploymentOf(Seeds.create(client, "004-test-in-eci-namespace.yaml", "vk"));
        // status and annotations are two writes: wait for the pods to show both
        List<Pod> pods = awaitDeploymentPods("vk", deployment, p -> "Running".equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START));
        for (Pod pod : pods) {
            assertRunsOnTheVirtualNode(pod, "eci-");
            assertThat(pod.getMetadata().getLabels()).doesNotContainKey(Keys.LABEL_ECI); // the namespace's label routed it
        }
    }

    @Test
    void cudaPodCompletesAndItsLogShowsTheVectorAdd() {
        String ns = namespaceFor("cuda");
        Pod pod = (Pod) Seeds.create(client, "003-gpu-pod-cuda-by-eci-label.yaml", ns).get(0);
        Pod done = awaitPod(pod, p -> "Succeeded".equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_STOP));
        assertThat(done.getSpec().getNodeName()).isEqualTo(Stack.NODE);
        assertThat(done.getMetadata().getAnnotations()).containsEntry(Keys.ECI_INSTANCE_SPEC, "ecs.gn5-c4g1.xlarge")
                .containsKeys(Keys.ECI_CLIENT_TOKEN, Keys.ECI_REQUEST_ID, Keys.BILLING_START);
        assertThat(instanceId(done)).startsWith("eci-");
        assertThat(done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
        // kubectl logs: the API server proxies to node-agent's kubelet port with its kubelet client certificate
        String log = client.pods().inNamespace(ns).withName("gpu-pod").getLog();
        assertThat(log).contains("[Vector addition of 50000 elements]").contains("Test PASSED");

        // and kubectl, as the seed runs it
        assertThat(kubectl("logs", "-n", ns, "gpu-pod")).contains("Test PASSED");
        assertThat(kubectl("get", "pods", "-n", ns, "-o", "wide")).containsPattern("gpu-pod +0/1 +Completed +0 +\\S+ +\\S+ +" + Stack.NODE);
        assertThat(kubectl("describe", "pod", "-n", ns, "gpu-pod")).contains("Node:", Stack.NODE, Keys.ECI_INSTANCE_ID, "Status:", "Succeeded");
    }

    /**
     * kubectl exec through the API server: it proxies kubectl's WebSocket to the virtual node (which
     * declares ExtendWebSocketsToKubelet) and node-agent runs the command with the cloud's
     * ExecContainerCommand: to its end (Sync) without input, or as a session with -i. Attach and
     * port-forward say why the cloud cannot.
     */
    @Test
    void kubectlExecRunsCommandsInTheInstance() throws Exception {
        String ns = namespaceFor("exec");
        Pod created = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("shell")
                .addToLabels(Keys.LABEL_ECI, "true").endMetadata().withNewSpec().addNewContainer()
                .withName("main").withImage("nginx:1.25").endContainer().endSpec().build()).create();
        awaitPod(created, p -> "Running".equals(phase(p)));
        assertThat(client.nodes().withName(Stack.NODE).get().getStatus().getDeclaredFeatures()).contains("ExtendWebSocketsToKubelet");

        assertThat(kubectl("exec", "-n", ns, "shell", "--", "sh", "-c", "echo one && echo two")).isEqualTo("one\ntwo\n");
        assertThat(kubectlWithInput("echo typed\nexit\n", "exec", "-i", "-n", ns, "shell", "--", "sh")).isEqualTo("typed\n");
        assertThat(kubectl("exec", "-n", ns, "shell", "-c", "nope", "--", "true"))
                .contains("container nope is not valid for pod shell");
        assertThat(kubectl("attach", "-n", ns, "shell")).contains("attach is not supported on the virtual node");
        assertThat(kubectl("port-forward", "-n", ns, "shell", "18080:80", "--request-timeout=10s"))
                .contains("port-forward is not supported on the virtual node");
        // every call went to the cloud as ExecContainerCommand: one Sync run, one session
        assertThat(stack.emulator().admin().stats().get("ExecContainerCommand").served()).isGreaterThanOrEqualTo(2);
    }

    /** kubectl with {@code input} on its standard input. */
    static String kubectlWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(stack.controlPlane().binaryPath().toString(), "kubectl",
                "--kubeconfig", stack.kubeconfig().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }

    @Test
    void kubectlSeesTheClusterAsOnAnyCluster() {
        assertThat(kubectl("version")).contains("Server Version: v1.36");
        assertThat(kubectl("get", "nodes")).contains(Stack.NODE, Stack.WORKER).containsPattern(Stack.NODE + " +Ready");
        // a watch over HTTP streaming: the first answer comes, the request ends at its timeout
        assertThat(kubectl("get", "nodes", "-w", "--request-timeout=2s")).contains(Stack.NODE);
    }

    @Test
    void daemonSetPodOnTheVirtualNodeSaysWhyAndCreatesNoInstance() {
        String ns = namespaceFor("daemonset");
        // A pod owned by a real DaemonSet, placed by the scheduler through its nodeSelector and toleration.
        // The DaemonSet itself targets no node, so the pod does not depend on the DaemonSet controller's
        // timing, which on this control plane was seen to leave a DaemonSet without pods for minutes.
        var daemonSet = client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
                .withNewMetadata().withName("node-exporter").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "node-exporter").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "node-exporter").endMetadata()
                .withNewSpec().addToNodeSelector("vnode.io/no-such-node", "true")
                .addNewContainer().withName("exporter").withImage("prom/node-exporter:v1.8.2").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName("node-exporter-virtual").addToLabels("app", "node-exporter-adopted")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("node-exporter")
                .withUid(daemonSet.getMetadata().getUid()).endOwnerReference().endMetadata()
                .withNewSpec().addToNodeSelector(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET)
                .withTolerations(PodFixtures.virtualNodeToleration())
                .addNewContainer().withName("exporter").withImage("prom/node-exporter:v1.8.2").endContainer()
                .endSpec().build()).create();
        assertRejected(awaitPod(pod, p -> Stack.NODE.equals(p.getSpec().getNodeName())), "DaemonSetNotSupported");
    }

    /**
     * ResourcePolicy multilevel scheduling (issue 17 items 1-2): the seeds' policies applied as a user
     * would, node-agent's webhook choosing the unit, kube-scheduler placing the pods, the ordinary node
     * {@link Stack#WORKER} (6 CPU) as the idc unit. Each scenario removes what it created on the node.
     */
    @org.junit.jupiter.api.Nested
    class ResourcePolicies {

        @Test
        void seed003OverflowsToEciWhenTheNodeIsFullAndScaleInRemovesTheVirtualNodesPodsFirst() throws Exception {
            String ns = namespaceFor("rp-cost-balance");
            // every real node runs daemons that request CPU (kube-proxy, the CNI): 500m here, so 2 of the seed's
            // 2-CPU pods fill the 6-CPU node, as in the seed's output
            Pod daemon = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("node-daemon").endMetadata()
                    .withNewSpec().withNodeName(Stack.WORKER).addNewContainer().withName("d").withImage("kube-proxy")
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m")).endResources()
                    .endContainer().endSpec().build()).create();
            try {
                // as written, the seed's policy also asks for key1=value1, which its Deployment's pods lack (INDEX.md): it
                // selects nothing, and the ack-co-scheduler pods are scheduled by default-scheduler instead of waiting for ever
                List<HasMetadata> asWritten = Seeds.create(client, "003-cost-balance-resourcepolicy.yaml", ns);
                Deployment nginx = deploymentOf(Seeds.create(client, "003-nginx-co-scheduler.yaml", ns));
                List<Pod> plain = awaitDeploymentPods(ns, nginx, p -> "Running".equals(phase(p)));
                assertThat(plain).allSatisfy(p -> {
                    assertThat(p.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
                    assertThat(p.getSpec().getNodeName()).isEqualTo(Stack.WORKER);
                    assertThat(p.getMetadata().getLabels()).doesNotContainKey("vnode.io/resource-policy");
                });
                client.apps().deployments().inNamespace(ns).withName("nginx").delete();
                await().atMost(SETTLE).until(() -> client.pods().inNamespace(ns).withLabel("app", "nginx").list().getItems().isEmpty());

                // the policy with the selector its pods carry
                HasMetadata policy = asWritten.get(0);
                client.genericKubernetesResources("scheduling.alibabacloud.com/v1alpha1", "ResourcePolicy").inNamespace(ns)
                        .withName("cost-balance-policy").edit(r -> {
                            ((Map<String, Object>) r.getAdditionalProperties().get("spec")).put("selector", Map.of("app", "nginx"));
                            return r;
                        });
                assertThat(policy.getMetadata().getName()).isEqualTo("cost-balance-policy");
                Seeds.create(client, "003-nginx-co-scheduler.yaml", ns);
                awaitDeploymentPods(ns, nginx, p -> "Running".equals(phase(p)) && Stack.WORKER.equals(p.getSpec().getNodeName()));

                // kubectl scale deployment nginx --replicas 4: two on the node, two overflow to ECI
                client.apps().deployments().inNamespace(ns).withName("nginx").scale(4);
                List<Pod> four = await().atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                        .until(() -> client.pods().inNamespace(ns).withLabel("app", "nginx").list().getItems(),
                                // status and annotations are two writes: wait for both on the virtual node's pods
                                pods -> pods.size() == 4 && pods.stream().allMatch(p -> "Running".equals(phase(p))
                                        && (Stack.WORKER.equals(p.getSpec().getNodeName()) || instanceId(p) != null
                                        && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START))));
                assertThat(four).filteredOn(p -> Stack.WORKER.equals(p.getSpec().getNodeName())).hasSize(2)
                        .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("vnode.io/resource-policy-unit", "0"));
                List<Pod> overflow = four.stream().filter(p -> Stack.NODE.equals(p.getSpec().getNodeName())).toList();
                assertThat(overflow).hasSize(2).allSatisfy(p -> {
                    assertRunsOnTheVirtualNode(p, "eci-");
                    assertThat(p.getMetadata().getLabels()).containsEntry("vnode.io/resource-policy-unit", "1");
                    assertThat(p.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
                });
                assertThat(kubectl("get", "pods", "-n", ns, "-o", "wide")).contains(Stack.WORKER, Stack.NODE);

                // kubectl scale deployment nginx --replicas 2: the virtual node's pods go first, with their instances
                client.apps().deployments().inNamespace(ns).withName("nginx").scale(2);
                await().atMost(SETTLE).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withLabel("app", "nginx").list().getItems())
                        .hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(Stack.WORKER)));
                for (Pod p : overflow) {
                    await().atMost(SETTLE).until(() -> instancesOf(p).isEmpty());
                }
            } finally {
                client.apps().deployments().inNamespace(ns).withName("nginx").delete();
                client.resource(daemon).delete();
            }
        }

        @Test
        void anIdcMaxOfOneOverflowsTheSecondReplicaAlthoughTheNodeHasRoom() {
            String ns = namespaceFor("rp-idc-max");
            client.genericKubernetesResources("scheduling.alibabacloud.com/v1alpha1", "ResourcePolicy").inNamespace(ns)
                    .resource(policy("one-on-idc", Map.of("app", "web"), List.of(Map.of("resource", "idc", "max", 1), Map.of("resource", "eci"))))
                    .create();
            // no schedulerName: a pod a policy selects follows it anyway
            Deployment web = client.apps().deployments().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(2)
                    .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                    .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx")
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m")).endResources()
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();
            try {
                List<Pod> pods = awaitDeploymentPods(ns, web, p -> "Running".equals(phase(p))
                        && (Stack.WORKER.equals(p.getSpec().getNodeName()) || instanceId(p) != null));
                assertThat(pods).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder(Stack.WORKER, Stack.NODE);
            } finally {
                client.resource(web).delete();
            }
        }

        @Test
        void seedDepRpDemoRunsAsAnAcsGpuInstanceWithTheUnitsLabels() {
            String ns = namespaceFor("rp-dep-rp-demo");
            Deployment demo = deploymentOf(Seeds.create(client, "000-gpu-dep-rp-demo-resourcepolicy.yaml", ns));
            try {
                Pod pod = awaitDeploymentPods(ns, demo, p -> "Running".equals(phase(p)) && instanceId(p) != null
                        && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START)).get(0);
                assertRunsOnTheVirtualNode(pod, "acs-");
                assertThat(pod.getMetadata().getLabels()).containsEntry(Keys.LABEL_COMPUTE_CLASS, "gpu")
                        .containsEntry(Keys.LABEL_COMPUTE_QOS, "default").containsEntry(Keys.LABEL_GPU_MODEL_SERIES, "example-model")
                        .containsEntry("vnode.io/resource-policy", "dep-rp-demo");
                assertThat(instancesOf(pod)).singleElement().satisfies(i -> assertThat(i.computeClass()).isEqualTo("gpu"));
            } finally {
                client.resource(demo).delete();
            }
        }

        @Test
        void badPoliciesAreRefusedAndTwoPoliciesForOnePodAreNamedAndDeletingAPolicyLeavesItsPodsAlone() throws IOException {
            String ns = namespaceFor("rp-bad-input");
            Path bad = Files.createTempFile("bad-policy", ".yaml");
            Files.writeString(bad, """
                    apiVersion: scheduling.alibabacloud.com/v1alpha1
                    kind: ResourcePolicy
                    metadata:
                      name: bad
                    spec:
                      selector:
                        app: x
                      units:
                      - resource: gpu
                        max: -1
                    """);
            assertThat(kubectl("apply", "-n", ns, "-f", bad.toString()))
                    .contains("Unsupported value: \"gpu\"", "should be greater than or equal to 0");
            Files.writeString(bad, """
                    apiVersion: scheduling.alibabacloud.com/v1alpha1
                    kind: ResourcePolicy
                    metadata:
                      name: empty
                    spec:
                      selector:
                        app: x
                      units: []
                    """);
            assertThat(kubectl("apply", "-n", ns, "-f", bad.toString())).contains("spec.units", "should have at least 1 items");

            var policies = client.genericKubernetesResources("scheduling.alibabacloud.com/v1alpha1", "ResourcePolicy").inNamespace(ns);
            policies.resource(policy("a", Map.of("app", "twin"), List.of(Map.of("resource", "eci")))).create();
            policies.resource(policy("b", Map.of("tier", "web"), List.of(Map.of("resource", "eci")))).create();
            Pod twin = new PodBuilder().withNewMetadata().withName("twin").withNamespace(ns).addToLabels("app", "twin")
                    .addToLabels("tier", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx")
                    .endContainer().endSpec().build();
            assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(twin).create())
                    .hasMessageContaining("ResourcePolicies a, b in namespace " + ns + " all select this pod");

            policies.withName("b").delete();
            await().atMost(SETTLE).ignoreExceptions().until(() -> client.pods().inNamespace(ns).resource(twin).create() != null);
            Pod running = awaitPod(twin, p -> "Running".equals(phase(p)) && instanceId(p) != null);
            policies.withName("a").delete();
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> {
                Pod now = client.pods().inNamespace(ns).withName("twin").get();
                return now != null && now.getMetadata().getUid().equals(running.getMetadata().getUid()) && "Running".equals(phase(now));
            });
            assertThat(instancesOf(running)).hasSize(1);
            client.resource(running).delete();
        }

        static io.fabric8.kubernetes.api.model.GenericKubernetesResource policy(String name, Map<String, String> selector,
                                                                              List<Map<String, Object>> units) {
            io.fabric8.kubernetes.api.model.GenericKubernetesResource r = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
            r.setApiVersion("scheduling.alibabacloud.com/v1alpha1");
            r.setKind("ResourcePolicy");
            r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
            r.setAdditionalProperty("spec", Map.of("selector", selector, "units", units));
            return r;
        }
    }

    static Stream<Arguments> rejectedScenarios() {
        return Stream.of(
                Arguments.of("hostpath", PodFixtures.hostPathPod(), "HostPathNotSupported"),
                Arguments.of("privileged", PodFixtures.privilegedPod(), "PrivilegedNotSupported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedScenarios")
    void podTheCloudCannotRunSaysWhyAndCreatesNoInstance(String scenario, Pod fixture, String reason) {
        String ns = namespaceFor(scenario);
        // labelled alibabacloud.com/eci=true: the webhook routes it, the scheduler binds it
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder(fixture).editMetadata().withUid(null)
                .withNamespace(ns).withOwnerReferences(List.of()).endMetadata().build()).create();
        assertRejected(awaitPod(pod, p -> Stack.NODE.equals(p.getSpec().getNodeName())), reason);
    }

    @Test
    void secretValuesReachTheCloudAndNothingElse() throws IOException {
        String ns = namespaceFor("secrets");
        String envValue = "env-secret-" + java.util.UUID.randomUUID();
        String pullValue = "pull-secret-" + java.util.UUID.randomUUID();
        client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("db").endMetadata().addToStringData("password", envValue).build()).create();
        // a pull secret whose JSON is broken right after the credential: a parser's message would echo it
        client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("regcred").endMetadata()
                .addToStringData(".dockerconfigjson", "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + pullValue + "\" oops")
                .build()).create();
        Pod withEnv = client.pods().inNamespace(ns).resource(new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                .editMetadata().withName("uses-env-secret").withUid(null).withNamespace(ns).withOwnerReferences(List.of()).endMetadata()
                .editSpec().editFirstContainer().addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName("db").withKey("password").endSecretKeyRef().endValueFrom().endEnv().endContainer().endSpec()
                .build()).create();
        Pod withPullSecret = client.pods().inNamespace(ns).resource(new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                .editMetadata().withName("uses-broken-pull-secret").withUid(null).withNamespace(ns).withOwnerReferences(List.of()).endMetadata()
                .editSpec().addNewImagePullSecret("regcred").endSpec()
                .build()).create();

        // the env secret was resolved into the create request: the instance runs
        awaitPod(withEnv, p -> "Running".equals(phase(p)) && instanceId(p) != null);
        // the broken pull secret is named on the pod, its content is not
        Pod refused = awaitPod(withPullSecret, p -> p.getStatus() != null && p.getStatus().getMessage() != null
                && p.getStatus().getMessage().contains("regcred"));
        assertThat(refused.getStatus().getMessage()).doesNotContain(pullValue);
        assertThat(instancesOf(refused)).isEmpty();

        // neither value in any record or header of any topic (dead letters included), any Event or any log line
        for (String secret : List.of(envValue, pullValue)) {
            assertThat(eventsOf(withEnv)).noneMatch(e -> String.valueOf(e.getMessage()).contains(secret));
            assertThat(eventsOf(withPullSecret)).noneMatch(e -> String.valueOf(e.getMessage()).contains(secret));
        }
        List<String> leaks = new java.util.ArrayList<>();
        for (String topic : io.vnode.contracts.Topics.ALL) {
            for (String t : List.of(topic, io.vnode.contracts.Topics.dlq(topic))) {
                for (var r : readAll(t)) {
                    StringBuilder text = new StringBuilder(r.value() == null ? "" : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                    r.headers().forEach(h -> text.append('\n').append(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                    if (text.indexOf(envValue) >= 0 || text.indexOf(pullValue) >= 0) {
                        leaks.add(t + " offset " + r.offset());
                    }
                }
            }
        }
        try (Stream<Path> logs = Files.list(stack.logDir())) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                if (text.contains(envValue) || text.contains(pullValue)) {
                    leaks.add(log.toString());
                }
            }
        }
        assertThat(leaks).as("where a Secret's value was found").isEmpty();
    }

    @Test
    void everyRecordOnEveryTopicIsACloudEventOfItsType() {
        String ns = namespaceFor("cloudevents");
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder(PodFixtures.nginxAcsByNodeSelector())
                .editMetadata().withName("ce").withUid(null).withNamespace(ns).withOwnerReferences(List.of()).endMetadata()
                .build()).create();
        awaitPod(pod, p -> "Running".equals(phase(p)) && instanceId(p) != null
                && p.getMetadata().getAnnotations().containsKey(Keys.BILLING_START));
        int seen = 0;
        for (String topic : io.vnode.contracts.Topics.ALL) {
            for (var r : readAll(topic)) {
                String type = header(r, io.vnode.contracts.Headers.EVENT_TYPE);
                if (type == null) {
                    continue; // a malformed record another test put there
                }
                assertThat(header(r, "ce_specversion")).as(topic).isEqualTo("1.0");
                assertThat(header(r, "ce_type")).as(topic).isEqualTo("io.vnode." + type);
                assertThat(header(r, "ce_source")).as(topic).isEqualTo("/vnode/" + topic);
                assertThat(header(r, "ce_id")).as(topic).isNotBlank();
                // one value per attribute: nothing on the way added its own
                assertThat(r.headers().headers("ce_type")).as(topic).hasSize(1);
                seen++;
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
    }

    static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every record of a topic so far (the broker is this JVM's). */
    static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        try (var consumer = KafkaBroker.consumer(topic)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(pi -> new org.apache.kafka.common.TopicPartition(topic, pi.partition())).toList();
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < total && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void theDemoOfTheFirstCommandRunsToTheEndAndLeavesNothing() {
        String ns = namespaceFor("demo");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        boolean ok = new Demo(client, true, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), ns)
                .run(SETTLE, true);
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("POD", "INSTANCE", "SPEC", "PHASE", "BILLING START", "== every pod and its instance is gone")
                .containsPattern("nginx-[a-z0-9]+-\\w+ +acs-\\S+ +\\S+ +Running +\\d+\\.");
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(stack.emulator().admin().instances().stream().filter(i -> ns.equals(i.tags().get(Keys.TAG_POD_NAMESPACE)))
                .filter(i -> !"Terminating".equals(i.status()))).isEmpty();
    }

    // ---- helpers ----

    /** Runs the control plane's own kubectl (same release) on the stack's kubeconfig; returns its output. */
    static String kubectl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                stack.controlPlane().binaryPath().toString(), "kubectl",
                "--kubeconfig", stack.kubeconfig().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new namespace for one scenario (the seeds reuse Deployment names such as nginx). */
    static String namespaceFor(String scenario) {
        String ns = "e2e-" + scenario.replaceAll("\\.yaml$", "").replaceAll("[^a-z0-9]+", "-");
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName(ns).endMetadata().build()).create();
        // pods can be created once the controllers have given the namespace its default ServiceAccount
        await().atMost(SETTLE).until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
        return ns;
    }

    static Deployment deploymentOf(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
    }

    /** Waits until the Deployment has its replicas and each satisfies {@code condition}. */
    static List<Pod> awaitDeploymentPods(String ns, Deployment deployment, java.util.function.Predicate<Pod> condition) {
        int replicas = deployment.getSpec().getReplicas();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                .until(() -> client.pods().inNamespace(ns).withLabels(selector).list().getItems(),
                        pods -> pods.size() == replicas && pods.stream().allMatch(condition));
    }

    /** What the documents show of a pod on the virtual node. */
    static void assertRunsOnTheVirtualNode(Pod pod, String idPrefix) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(Stack.NODE);
        assertThat(instanceId(pod)).startsWith(idPrefix);
        assertThat(a).containsEntry(Keys.PROVIDER_CREATE, "done").containsKey(Keys.BILLING_START);
        if (idPrefix.equals("acs-")) {
            assertThat(a).containsKeys(Keys.ACS_POD_USE_SPEC, Keys.ACS_REQUEST_ID)
                    .containsEntry(Keys.RESOURCE_TYPE, "serverless").containsEntry(Keys.POD_STREAM_PORT, "10250");
        } else {
            assertThat(a).containsKeys(Keys.ECI_INSTANCE_SPEC, Keys.ECI_CLIENT_TOKEN, Keys.ECI_REQUEST_ID);
        }
        assertThat(pod.getStatus().getPodIP()).isNotBlank();
    }

    /** The reason on the pod, a Warning Event with a message, and no instance. */
    static void assertRejected(Pod pod, String reason) {
        awaitPod(pod, p -> p.getStatus() != null && reason.equals(p.getStatus().getReason())
                || reason.equals(p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Keys.FAILURE_REASON)));
        await().atMost(SETTLE).untilAsserted(() -> assertThat(eventsOf(pod))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isNotBlank();
                }));
        assertThat(instancesOf(pod)).isEmpty();
    }

    static Pod awaitPod(Pod pod, java.util.function.Predicate<Pod> condition) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> client.pods().inNamespace(ns).withName(name).get(), p -> p != null && condition.test(p));
    }

    static List<InstanceView> instancesOf(Pod pod) {
        return stack.emulator().admin().instances().stream()
                .filter(i -> pod.getMetadata().getUid().equals(i.tags().get(Keys.TAG_POD_UID)))
                .filter(i -> !"Terminating".equals(i.status()))
                .toList();
    }

    static List<Event> eventsOf(Pod pod) {
        return client.v1().events().inNamespace(pod.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> pod.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    static String instanceId(Pod p) {
        return Keys.instanceIdOf(p.getMetadata().getAnnotations());
    }
}
