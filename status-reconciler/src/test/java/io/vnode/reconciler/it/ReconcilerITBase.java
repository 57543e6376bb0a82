package io.vnode.reconciler.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Topics;
import io.vnode.contracts.VnodeEvent;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a real Kafka broker and the CRUD Kubernetes API server. Every IT class
 * extends this one so they share one Spring context (same topics, same server).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ReconcilerITBase {

    /** test-support's CRUD API server, behind a gate that can refuse a pod's requests (403) for a while. */
    private static final KubernetesMockServer SERVER = ApiGate.serve();
    protected static final ApiGate GATE = ApiGate.of(SERVER);
    protected static final KubernetesClient CLIENT = SERVER.createClient();
    protected static final String INSTANCE_EVENTS = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS);
    protected static final String REJECTIONS = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS);
    protected static final String BILLING = KafkaBroker.uniqueTopic(Topics.BILLING_USAGE);
    /** The other stages' topics, whose dead letters this service tells to the pods too. */
    protected static final String LIFECYCLE = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
    protected static final String COMMANDS = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
    protected static final Duration WAIT = Duration.ofSeconds(30);

    static {
        KafkaBroker.createTopics(INSTANCE_EVENTS, REJECTIONS, BILLING, LIFECYCLE, COMMANDS, Topics.dlq(INSTANCE_EVENTS),
                Topics.dlq(REJECTIONS), Topics.dlq(LIFECYCLE), Topics.dlq(COMMANDS), Topics.dlq(BILLING));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.stream.kafka.binder.brokers", KafkaBroker::bootstrapServers);
        registry.add("vnode.kube.master-url", () -> SERVER.url("/"));
        registry.add("vnode.reconciler.instance-events-topic", () -> INSTANCE_EVENTS);
        registry.add("vnode.reconciler.pod-rejections-topic", () -> REJECTIONS);
        registry.add("vnode.reconciler.billing-usage-topic", () -> BILLING);
        registry.add("vnode.reconciler.retry-backoff-millis", () -> "200");
        registry.add("vnode.reconciler.retry-backoff-max-millis", () -> "1000");
        registry.add("vnode.reconciler.dead-letter-topics", () -> String.join(",", Topics.dlq(LIFECYCLE), Topics.dlq(COMMANDS),
                Topics.dlq(REJECTIONS), Topics.dlq(INSTANCE_EVENTS), Topics.dlq(BILLING)));
    }

    /** Creates the pod bound to the virtual node and returns it as stored (uid, resourceVersion). */
    protected static Pod create(Pod pod) {
        Pod bound = PodFixtures.onNode(pod, Events.NODE);
        String ns = bound.getMetadata().getNamespace();
        return CLIENT.pods().inNamespace(ns).resource(bound).create();
    }

    static final String HOLD = "vnode.io/test-hold";

    /** Like {@code kubectl delete}: sets the deletionTimestamp; a test finalizer keeps the pod in the CRUD server. */
    protected static void holdAndDelete(Pod pod) {
        CLIENT.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToFinalizers(HOLD).endMetadata().build());
        CLIENT.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    }

    protected static void release(Pod pod) {
        CLIENT.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().withFinalizers().endMetadata().build());
    }

    /** Waits for the DELETE of the pod in the CRUD server's request log and returns its body. */
    protected static String awaitDeleteRequest(Pod pod) {
        KubernetesMockServer server = mockServer();
        String path = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
                if (r != null && "DELETE".equals(r.getMethod()) && path.equals(r.getPath())) {
                    String body = r.getUtf8Body();
                    if (body.contains("preconditions")) {
                        return body;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no DELETE with preconditions on " + path);
    }

    private static KubernetesMockServer mockServer() {
        return SERVER;
    }

    protected static void publish(VnodeEvent... events) {
        for (VnodeEvent e : events) {
            KafkaBroker.publish(e instanceof io.vnode.contracts.pod.PodRejection ? REJECTIONS : INSTANCE_EVENTS, e);
        }
    }

    /** Every record on {@code topic} now (reads each partition to its end offset). */
    protected static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = KafkaBroker.consumer()) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    protected static Pod get(Pod pod) {
        return CLIENT.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    }

    protected static Pod awaitPod(Pod pod, Predicate<Pod> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> get(pod), p -> p != null && condition.test(p));
    }

    protected static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    protected static String annotation(Pod p, String key) {
        return p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(key);
    }

    protected static List<Event> events(Pod pod) {
        return CLIENT.v1().events().inNamespace(pod.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    protected static String condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse(null);
    }
}
