package io.vnode.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.NodeAgentApplication;
import io.vnode.agent.domain.VirtualNodeIdentity;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Keys;
import io.vnode.contracts.Topics;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import io.vnode.localkube.PodFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The agent against the CRUD API server and the real broker: node, leases, pod events, webhook, local
 * binder, restart, and a control-path condition and taint (never NotReady) while Kafka or the cloud endpoint cannot be reached.
 * The tests share one agent (node {@value #NODE}) and change nothing the others read: each makes its own pods,
 * namespaces and, where it stops or cuts an agent, its own agent with its own zone and leader lease.
 */
class NodeAgentIT {

    private static final String NODE = "virtual-kubelet-cn-hangzhou-k";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KubeApiServer api;
    private static KubernetesClient kube;
    private static String topic;
    private static ConfigurableApplicationContext agent;
    private static FakeEci eci;

    @BeforeAll
    static void startWorld() throws IOException {
        api = KubeApiServer.start();
        kube = api.client();
        topic = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
        KafkaBroker.createTopics(topic);
        eci = new FakeEci();
        agent = startAgent("agent-a", "cn-hangzhou-k", KafkaBroker.bootstrapServers(), eci.endpoint(),
                "vnode-node-agent", "--vnode.local-binder.enabled=true");
    }

    @AfterAll
    static void stopWorld() {
        if (agent != null) {
            agent.close();
        }
        kube.close();
        api.close();
        eci.close();
    }

    static ConfigurableApplicationContext startAgent(String identity, String zone, String kafka, String cloud, String leaderLease,
                                                     String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.cloud.stream.kafka.binder.brokers=" + KafkaBroker.bootstrapServers(),
                "--vnode.kafka.bootstrap-servers=" + kafka,
                "--vnode.kafka.topic=" + topic,
                "--vnode.kube.master-url=" + api.url(),
                "--vnode.region-id=cn-hangzhou",
                "--vnode.zones=" + zone,
                "--vnode.resync-period=PT2S",
                "--vnode.cloud.endpoint=" + cloud,
                "--vnode.health.interval=PT0.5S",
                "--vnode.health.timeout=PT1S",
                "--vnode.node.renew-interval=PT0.5S",
                "--vnode.node.internal-ip=10.0.0.7",
                "--vnode.leader-election.identity=" + identity,
                "--vnode.leader-election.name=" + leaderLease,
                "--vnode.leader-election.lease-duration=PT4S",
                "--vnode.leader-election.renew-deadline=PT3S",
                "--vnode.leader-election.retry-period=PT0.5S",
                "--vnode.kubelet.listen-port=0",
                "--vnode.kubelet.authorization-mode=AlwaysAllow",
                "--vnode.cloud.protocol=HTTP",
                "--vnode.cloud.access-key-id=testAkId",
                "--vnode.cloud.access-key-secret=testAkSecret"));
        args.addAll(List.of(extra));
        // its own Netty event loops: closing an agent disposes the loops its context uses, and the global ones
        // carry the other agents' kubelet servers
        return new SpringApplicationBuilder(NodeAgentApplication.class).web(WebApplicationType.REACTIVE)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(ReactorResourceFactory.class, () -> {
                    ReactorResourceFactory loops = new ReactorResourceFactory();
                    loops.setUseGlobalResources(false);
                    return loops;
                }))
                .run(args.toArray(String[]::new));
    }

    // ---- the node ----

    @Test
    void theNodeCarriesExactlyTheSeedLabelsTaintAndConditions() {
        await().atMost(WAIT).untilAsserted(() -> {
            Node node = kube.nodes().withName(NODE).get();
            assertThat(node).isNotNull();
            assertThat(node.getMetadata().getLabels())
                    .containsExactlyInAnyOrderEntriesOf(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null).labels());
            assertThat(node.getSpec().getTaints()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo(Keys.TAINT_KEY);
                assertThat(t.getValue()).isEqualTo(Keys.TAINT_VALUE);
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType)
                    .containsExactlyInAnyOrder("Ready", "ControlPathAvailable", "MemoryPressure", "DiskPressure", "PIDPressure",
                            "NetworkUnavailable");
            NodeCondition ready = condition(node, "Ready");
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("KubeletReady");
            assertThat(condition(node, "ControlPathAvailable").getStatus()).isEqualTo("True");
            assertThat(node.getStatus().getConditions()).filteredOn(c -> !List.of("Ready", "ControlPathAvailable").contains(c.getType()))
                    .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(node.getStatus().getCapacity()).containsEntry("pods", new Quantity("50000")).containsKey("nvidia.com/gpu");
            assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isNotBlank();
            assertThat(node.getStatus().getAddresses()).anySatisfy(a -> assertThat(a.getAddress()).isEqualTo("10.0.0.7"));
        });
    }

    @Test
    void theNodeLeaseIsRenewedAndOneReplicaHoldsTheLeaderLease() {
        Lease first = await().atMost(WAIT).until(() -> kube.leases().inNamespace("kube-node-lease").withName(NODE).get(),
                l -> l != null && l.getSpec().getRenewTime() != null);
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo(NODE);
        assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
        await().atMost(WAIT).until(() -> kube.leases().inNamespace("kube-node-lease").withName(NODE).get().getSpec().getRenewTime(),
                renewed -> renewed.isAfter(first.getSpec().getRenewTime()));
        Lease leader = kube.leases().inNamespace("kube-system").withName("vnode-node-agent").get();
        assertThat(leader.getSpec().getHolderIdentity()).isEqualTo("agent-a");
    }

    // ---- pods to events ----

    @Test
    void podsBoundToTheNodeBecomeEventsKeyedByUidAndOtherNodesPodsNever() {
        Pod elsewhere = kube.pods().resource(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), "worker-1")).create();
        Pod running = kube.pods().resource(new PodBuilder(PodFixtures.onNode(PodFixtures.gpuByAcsLabel(), NODE))
                .editMetadata().addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-running").endMetadata().build()).create();
        kube.namespaces().resource(PodFixtures.eciLabelledNamespace("vk")).create();
        Pod ours = kube.pods().resource(PodFixtures.onNode(PodFixtures.eciNamespacePod("vk"), NODE)).create();

        // three resync periods (2 s) pass while the pending pod is republished; the others never appear
        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readUntil(topic,
                rs -> forUid(rs, uid(ours)).size() >= 3, WAIT);
        assertThat(forUid(records, uid(elsewhere))).isEmpty();
        assertThat(forUid(records, uid(running))).as("steady state publishes nothing").isEmpty();

        ConsumerRecord<String, byte[]> r = forUid(records, uid(ours)).get(0);
        assertThat(r.key()).isEqualTo(uid(ours));
        assertThat(header(r, Headers.EVENT_TYPE)).isEqualTo(PodBound.TYPE);
        assertThat(header(r, Headers.TRACEPARENT)).startsWith("00-" + uid(ours).replace("-", ""));
        PodBound bound = (PodBound) EventCodec.decode(r.value(), PodEvent.class);
        assertThat(bound.pod().name()).isEqualTo(ours.getMetadata().getName());
        assertThat(bound.virtualNode()).isEqualTo(NODE);
        assertThat(bound.sequence()).isEqualTo(Long.parseLong(ours.getMetadata().getResourceVersion()));
        assertThat(bound.namespaceLabels()).containsEntry(Keys.LABEL_ECI, "true");
        assertThat(bound.manifest()).containsKeys("apiVersion", "kind", "metadata", "spec").doesNotContainKey("status");
        assertThat(forUid(records, uid(ours))).extracting(rec -> EventCodec.decode(rec.value(), PodEvent.class).sequence())
                .as("resync republishes the same state: same sequence").containsOnly(bound.sequence());
    }

    @Test
    void aDeletedPodYieldsDeletingThenGone() {
        Pod pod = kube.pods().resource(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), NODE))
                .editMetadata().addToFinalizers("vnode.io/test-hold").addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-42").endMetadata()
                .build()).create();
        kube.pods().resource(pod).delete();
        List<ConsumerRecord<String, byte[]>> deleting = KafkaBroker.readUntil(topic,
                rs -> types(forUid(rs, uid(pod))).contains(PodDeleting.TYPE), WAIT);
        PodDeleting d = (PodDeleting) EventCodec.decode(forUid(deleting, uid(pod)).get(0).value(), PodEvent.class);
        assertThat(d.instanceId()).isEqualTo("eci-42");
        assertThat(d.gracePeriodSeconds()).isEqualTo(30);

        kube.pods().inNamespace("default").withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().withFinalizers(List.of()).endMetadata().build());
        List<ConsumerRecord<String, byte[]>> all = KafkaBroker.readUntil(topic,
                rs -> types(forUid(rs, uid(pod))).contains(PodGone.TYPE), WAIT);
        List<String> types = types(forUid(all, uid(pod)));
        assertThat(types).doesNotContain(PodBound.TYPE);
        assertThat(types.indexOf(PodDeleting.TYPE)).isLessThan(types.indexOf(PodGone.TYPE));
        assertThat(types.get(types.size() - 1)).isEqualTo(PodGone.TYPE);
        PodGone gone = (PodGone) EventCodec.decode(forUid(all, uid(pod)).get(types.size() - 1).value(), PodEvent.class);
        assertThat(gone.instanceId()).isEqualTo("eci-42");
        assertThat(gone.sequence()).isGreaterThan(d.sequence());
    }

    @Test
    void aPodTooLargeForKafkaIsToldByAnEventAndTheOtherPodsGoOn() {
        String huge = "x".repeat(1_200_000);
        Pod tooLarge = kube.pods().resource(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE))
                .editSpec().editFirstContainer().addNewEnv().withName("BLOB").withValue(huge).endEnv().endContainer().endSpec()
                .build()).create();
        Pod after = kube.pods().resource(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE)).create();

        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readUntil(topic, rs -> forUid(rs, uid(after)).size() >= 2, WAIT);
        assertThat(forUid(records, uid(tooLarge))).isEmpty();
        var events = await().atMost(WAIT).until(() -> kube.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> uid(tooLarge).equals(e.getInvolvedObject().getUid())).toList(), l -> !l.isEmpty());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("PodTooLarge");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("bytes, over Kafka's limit of 1,048,576 bytes");
        });
        // resyncs (every 2 s) neither publish it nor tell it again
        await().during(Duration.ofSeconds(5)).atMost(WAIT).until(() -> kube.v1().events().inNamespace("default").list().getItems()
                .stream().filter(e -> uid(tooLarge).equals(e.getInvolvedObject().getUid())).count() == 1);
    }

    // ---- routing ----

    @Test
    void theWebhookRoutesByLabelNamespaceAndProfileAndAnswersMalformedReviewsClearly() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port(agent)).build();
        kube.namespaces().resource(PodFixtures.eciLabelledNamespace("eci-ns")).create();
        kube.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("eci-profile")
                .withNamespace("kube-system").endMetadata()
                .addToData("selectors", "[{\"name\":\"batch\",\"objectSelector\":{\"matchLabels\":{\"workload\":\"batch\"}}}]")
                .build()).create();

        assertThat(patchOf(http, "default", PodFixtures.eciLabelledUseSpecs())).contains("/spec/nodeSelector", "/spec/tolerations");
        assertThat(patchOf(http, "eci-ns", PodFixtures.eciNamespacePod("eci-ns"))).contains("/spec/nodeSelector");
        assertThat(patchOf(http, "default", PodFixtures.gpuByResourcePolicy())).isNull();
        assertThat(patchOf(http, "kube-system", PodFixtures.daemonSetPod())).isNull();
        Pod batch = new PodBuilder(PodFixtures.gpuByResourcePolicy()).editMetadata().addToLabels("workload", "batch").endMetadata().build();
        await().atMost(WAIT).untilAsserted(() -> assertThat(patchOf(http, "default", batch)).contains("/spec/tolerations"));

        http.post().uri("/mutate").header("Content-Type", "application/json").bodyValue("{\"kind\":\"AdmissionReview\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody(String.class).value(b -> assertThat(b).contains("no request.uid"));
        http.post().uri("/mutate").header("Content-Type", "application/json").bodyValue("garbage")
                .exchange().expectStatus().isBadRequest();
        // and it still answers afterwards
        assertThat(patchOf(http, "default", PodFixtures.nginxAcsByLabel())).isNotNull();
    }

    @Test
    void theLocalBinderBindsPendingPodsThatTargetTheNodeAndTheyBecomeEvents() {
        Pod bySelector = kube.pods().resource(PodFixtures.nginxAcsByNodeSelector()).create();
        Pod byLabel = kube.pods().resource(PodFixtures.nginxAcsByLabel()).create();
        Pod notOurs = kube.pods().resource(PodFixtures.gpuByResourcePolicy()).create();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(nodeOf(bySelector)).isEqualTo(NODE);
            assertThat(nodeOf(byLabel)).isEqualTo(NODE);
        });
        Pod routed = kube.pods().inNamespace("default").withName(byLabel.getMetadata().getName()).get();
        assertThat(routed.getSpec().getNodeSelector()).containsEntry("type", "virtual-kubelet");
        KafkaBroker.readUntil(topic, rs -> !forUid(rs, uid(bySelector)).isEmpty() && !forUid(rs, uid(byLabel)).isEmpty(), WAIT);
        assertThat(nodeOf(notOurs)).isNull();
    }

    // ---- kubectl logs ----

    @Test
    void containerLogsComeFromDescribeContainerLogAndExecIsServedOverWebSocketOnly() {
        int kubeletPort = agent.getBean(io.vnode.agent.adapter.kube.KubeletServer.class).port();
        WebTestClient kubelet = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + kubeletPort).build();
        Pod running = kube.pods().resource(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE))
                .editMetadata().addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-logs-1").endMetadata().build()).create();
        eci.calls.clear();
        kubelet.get().uri("/containerLogs/default/{pod}/nginx?tailLines=2&timestamps=true&previous=true", running.getMetadata().getName())
                .exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("line 1\nline 2\n");
        Map<String, String> call = eci.calls.stream().filter(c -> "DescribeContainerLog".equals(c.get("Action"))).findFirst().orElse(null);
        assertThat(call).containsEntry("Action", "DescribeContainerLog").containsEntry("ContainerGroupId", "eci-logs-1")
                .containsEntry("ContainerName", "nginx").containsEntry("Tail", "2").containsEntry("Timestamps", "true")
                .containsEntry("LastTime", "true").containsEntry("RegionId", "cn-hangzhou").containsKey("Signature")
                .doesNotContainValue("testAkSecret");

        Pod pending = kube.pods().resource(PodFixtures.onNode(PodFixtures.gpuByNodeSelector(), NODE)).create();
        kubelet.get().uri("/containerLogs/default/{pod}/c", pending.getMetadata().getName())
                .exchange().expectStatus().isNotFound().expectBody(String.class).value(b -> assertThat(b).contains("has no instance yet"));
        kubelet.get().uri("/containerLogs/default/{pod}/c", "no-such-pod")
                .exchange().expectStatus().isNotFound().expectBody(String.class).value(b -> assertThat(b).contains("not on this virtual node"));
        // SPDY (a POST upgrade) is not served: the answer says what is (EndToEndIT runs kubectl exec over WebSocket)
        kubelet.post().uri("/exec/default/{pod}/nginx?command=sh&output=1", running.getMetadata().getName())
                .exchange().expectStatus().isEqualTo(400).expectBody(String.class)
                .value(b -> assertThat(b).contains("serves exec over WebSocket only"));
        kubelet.get().uri("/portForward/default/{pod}", running.getMetadata().getName())
                .exchange().expectStatus().isEqualTo(501).expectBody(String.class)
                .value(b -> assertThat(b).contains("port-forward is not supported on the virtual node"));
    }

    // ---- health ----

    @Test
    void theNodeStaysReadyAndIsTaintedWhileKafkaOrTheCloudCannotBeReachedAndRecovers() throws IOException {
        int kafkaPort = freePort();
        int cloudPort = freePort();
        String node = "virtual-kubelet-cn-hangzhou-j";
        try (ConfigurableApplicationContext cut = startAgent("agent-cut", "cn-hangzhou-j", "127.0.0.1:" + kafkaPort,
                "127.0.0.1:" + cloudPort, "vnode-node-agent-cut", "--vnode.webhook.enabled=false")) {
            NodeCondition both = awaitControlPath(node, "False", "KafkaAndCloudApiUnreachable");
            assertThat(both.getMessage()).contains("Kafka cannot be reached", "cloud API cannot be reached");
            // Ready stays True (NotReady would have the pods evicted); new pods are kept off by a taint
            assertThat(condition(kube.nodes().withName(node).get(), "Ready").getStatus()).isEqualTo("True");
            assertThat(kube.nodes().withName(node).get().getSpec().getTaints())
                    .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("vnode.alibabacloud.com/control-path-unavailable"));

            String eciEndpoint = eci.endpoint();
            TcpForwarder cloud = new TcpForwarder(cloudPort, eciEndpoint);
            try {
                awaitControlPath(node, "False", "KafkaUnreachable");
                // once bootstrapped through the forwarder the probe talks to the broker's advertised address, so
                // the forwarder can show Kafka returning but not a second loss; the cloud endpoint shows that one
                try (TcpForwarder kafka = new TcpForwarder(kafkaPort, KafkaBroker.bootstrapServers())) {
                    awaitControlPath(node, "True", "KafkaAndCloudApiReachable");
                    await().atMost(WAIT).untilAsserted(() -> assertThat(kube.nodes().withName(node).get().getSpec().getTaints())
                            .extracting(t -> t.getKey()).containsExactly(Keys.TAINT_KEY));

                    cloud.close();
                    awaitControlPath(node, "False", "CloudApiUnreachable");
                    cloud = new TcpForwarder(cloudPort, eciEndpoint);
                    awaitControlPath(node, "True", "KafkaAndCloudApiReachable");
                }
            } finally {
                cloud.close();
            }
        }
        assertThat(condition(kube.nodes().withName(NODE).get(), "Ready").getStatus()).isEqualTo("True");
    }

    private static NodeCondition awaitControlPath(String node, String status, String reason) {
        java.util.concurrent.atomic.AtomicReference<NodeCondition> ready = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(WAIT).untilAsserted(() -> {
            NodeCondition c = condition(kube.nodes().withName(node).get(), "ControlPathAvailable");
            assertThat(c).as("%s ControlPathAvailable", node).extracting(NodeCondition::getStatus, NodeCondition::getReason)
                    .containsExactly(status, reason);
            assertThat(condition(kube.nodes().withName(node).get(), "Ready").getStatus()).isEqualTo("True");
            ready.set(c);
        });
        return ready.get();
    }

    // ---- restart ----

    @Test
    void aRestartRepublishesTheSameStateWithoutDownstreamDuplicates() {
        String node = "virtual-kubelet-cn-hangzhou-r";
        String lease = "vnode-node-agent-restart";
        ConfigurableApplicationContext first = startAgent("agent-r1", "cn-hangzhou-r", KafkaBroker.bootstrapServers(), eci.endpoint(),
                lease, "--vnode.webhook.enabled=false");
        Pod pod;
        try {
            pod = kube.pods().resource(PodFixtures.onNode(PodFixtures.cudaVectorAdd(), node)).create();
            KafkaBroker.readUntil(topic, rs -> !forUid(rs, uid(pod)).isEmpty(), WAIT);
        } finally {
            first.close();
        }
        long restartedAt = System.currentTimeMillis();
        try (ConfigurableApplicationContext second = startAgent("agent-r2", "cn-hangzhou-r", KafkaBroker.bootstrapServers(),
                eci.endpoint(), lease, "--vnode.webhook.enabled=false")) {
            List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readUntil(topic,
                    rs -> forUid(rs, uid(pod)).stream().anyMatch(r -> r.timestamp() >= restartedAt), WAIT);
            List<PodEvent> events = forUid(records, uid(pod)).stream().map(r -> EventCodec.decode(r.value(), PodEvent.class)).toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e).isInstanceOf(PodBound.class));
            assertThat(events).extracting(e -> e.pod().uid() + "@" + e.sequence()).as("consumers drop them by (uid, sequence)")
                    .containsOnly(uid(pod) + "@" + pod.getMetadata().getResourceVersion());
            // the released leader lease passes to the new replica, which keeps the node Ready
            await().atMost(WAIT).until(() -> kube.leases().inNamespace("kube-system").withName(lease).get()
                    .getSpec().getHolderIdentity(), "agent-r2"::equals);
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(condition(kube.nodes().withName(node).get(), "Ready").getStatus()).isEqualTo("True"));
        }
    }

    // ---- helpers ----

    private static String patchOf(WebTestClient http, String namespace, Pod pod) {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("uid", "req-" + pod.getMetadata().getUid());
        request.put("namespace", namespace);
        request.put("operation", "CREATE");
        request.put("kind", Map.of("group", "", "version", "v1", "kind", "Pod"));
        request.put("object", kube.getKubernetesSerialization().convertValue(pod, Map.class));
        String body = kube.getKubernetesSerialization().asJson(
                Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request));
        String answer = http.post().uri("/mutate").header("Content-Type", "application/json").bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        var review = kube.getKubernetesSerialization().unmarshal(answer,
                io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview.class);
        assertThat(review.getResponse().getUid()).isEqualTo("req-" + pod.getMetadata().getUid());
        assertThat(review.getResponse().getAllowed()).isTrue();
        String patch = review.getResponse().getPatch();
        return patch == null ? null : new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8);
    }

    private static String nodeOf(Pod pod) {
        Pod p = kube.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        return p.getSpec().getNodeName();
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private static NodeCondition condition(Node node, String type) {
        assertThat(node).isNotNull();
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    private static List<ConsumerRecord<String, byte[]>> forUid(List<ConsumerRecord<String, byte[]>> records, String uid) {
        return records.stream().filter(r -> uid.equals(r.key())).toList();
    }

    private static List<String> types(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> header(r, Headers.EVENT_TYPE)).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Forwards connections from a loopback port to {@code host:port} while open. Closing it refuses new
     * connections and cuts the forwarded ones.
     */
    static final class TcpForwarder implements AutoCloseable {

        private final ServerSocket server;
        private final String targetHost;
        private final int targetPort;
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        TcpForwarder(int port, String target) throws IOException {
            int colon = target.lastIndexOf(':');
            this.targetHost = target.substring(0, colon);
            this.targetPort = Integer.parseInt(target.substring(colon + 1));
            this.server = listen(port);
            daemon(this::accept, "tcp-forwarder-" + port);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    sockets.add(in);
                    Socket out = new Socket();
                    sockets.add(out);
                    try {
                        out.connect(new java.net.InetSocketAddress(targetHost, targetPort), 1000);
                    } catch (IOException e) {
                        end(in, out);
                        continue;
                    }
                    daemon(() -> pump(in, out), "tcp-forwarder-up");
                    daemon(() -> pump(out, in), "tcp-forwarder-down");
                } catch (IOException e) {
                    // the forwarder was closed
                }
            }
        }

        private void pump(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // either side went away
            }
            end(from, to);
        }

        private void end(Socket a, Socket b) {
            for (Socket s : List.of(a, b)) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
                sockets.remove(s);
            }
        }

        private static void daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
