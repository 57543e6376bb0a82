package io.vnode.executor.it;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DeleteContainerGroupRequest;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.emulator.EciEmulator;
import io.vnode.executor.CloudExecutorApplication;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/** The test world shared by the executor's ITs: one Kubernetes API per JVM, helpers for pods and commands. */
final class World {

    static final String VNODE = "virtual-kubelet-cn-hangzhou-k";
    static final String AK_ID = "testAkId";
    static final String AK_SECRET = "testAkSecret";
    static final KubeApiServer KUBE = KubeApiServer.start();
    static final NamespacedKubernetesClient K8S = KUBE.client();

    static {
        // the virtual node the test pods are bound to (the executor reads Secrets only for pods on a virtual node)
        K8S.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(VNODE)
                .addToLabels(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET).endMetadata().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    private World() {
    }

    /** Properties pointing one executor at the broker, the API server and an emulator. */
    static Map<String, Object> properties(EciEmulator emulator, String commands, String events, String clusterId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.cloud.stream.kafka.binder.brokers", KafkaBroker.bootstrapServers());
        p.put("vnode.executor.commands-topic", commands);
        p.put("vnode.executor.events-topic", events);
        p.put("vnode.kube.master-url", KUBE.url());
        p.put("vnode.cloud.endpoint", emulator.endpoint());
        p.put("vnode.cloud.protocol", "HTTP");
        p.put("vnode.cloud.cluster-id", clusterId);
        p.put("vnode.cloud.credentials.ttl", "300ms");
        p.put("vnode.executor.retry.base", "50ms");
        p.put("vnode.executor.retry.cap", "1s");
        p.put("vnode.executor.retry.long-wait", "5s");
        p.put("vnode.executor.retry.no-stock-interval", "2s");
        p.put("vnode.watch.poll-interval", "300ms");
        p.put("vnode.watch.resync-interval", "1s");
        p.put("server.port", "0");
        return p;
    }

    static void credentials(String id, String secret) {
        K8S.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                .withNewMetadata().withNamespace("kube-system").withName("alibaba-addon-secret").endMetadata()
                .addToStringData("access-key-id", id).addToStringData("access-key-secret", secret)
                .build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }

    static void topics(String... topics) {
        KafkaBroker.createTopics(topics);
    }

    /**
     * A pod on the virtual node that exists in the API server (its uid as the server holds it), whose
     * container takes a key of each of {@code secrets} (its namespace) as env: the Secrets it may have read.
     */
    static PodRef pod(String namespace, String... secrets) {
        return pod(namespace, Map.of(), secrets);
    }

    /** {@link #pod(String, String...)} with these annotations (e.g. the pod's fail strategy). */
    static PodRef pod(String namespace, Map<String, String> annotations, String... secrets) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        io.fabric8.kubernetes.api.model.ContainerBuilder main = new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("main").withImage("nginx");
        for (String secret : secrets) {
            main.addNewEnv().withName("FROM_" + secret.replaceAll("[^A-Za-z0-9]", "_")).withNewValueFrom()
                    .withNewSecretKeyRef("k", secret, false).endValueFrom().endEnv();
        }
        Pod created = K8S.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid(UUID.randomUUID().toString())
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(VNODE).addToContainers(main.build()).endSpec()
                .build()).create();
        return new PodRef(namespace, name, created.getMetadata().getUid());
    }

    static void deletePod(PodRef pod) {
        K8S.pods().inNamespace(pod.namespace()).withName(pod.name()).delete();
    }

    static InstanceRequest request(PodRef pod, String clusterId, List<InstanceSpec> specs, List<EnvVar> env,
                                   List<VolumeSpec> volumes, List<ObjectRef> pullSecrets) {
        ContainerSpec main = new ContainerSpec("main", "nginx:1.25", List.of("nginx"), List.of("-g", "daemon off;"), null,
                env, null, null, null, null, null, null, null, null, null, "IfNotPresent", null, null, false, false,
                false, null, null);
        Map<String, String> tags = Map.of(Keys.TAG_POD_UID, pod.uid(), Keys.TAG_POD_NAMESPACE, pod.namespace(),
                Keys.TAG_POD_NAME, pod.name(), Keys.TAG_VIRTUAL_NODE, VNODE, Keys.TAG_CLUSTER_ID, clusterId);
        return new InstanceRequest(ComputeType.ECI, "cn-hangzhou", (pod.namespace() + "-" + pod.name()).toLowerCase(),
                pod.uid(), specs, List.of("vsw-1"), "sg-1", null, null, null, null, null, null, "Always", null, 30L,
                null, null, null, null, List.of(main), null, volumes, pullSecrets, tags, Map.of());
    }

    static CreateInstance create(PodRef pod, String clusterId) {
        return create(pod, request(pod, clusterId, List.of(InstanceSpec.ofCpuMemory(1, 2, null)), null, null, null));
    }

    static CreateInstance create(PodRef pod, InstanceRequest request) {
        return create(pod, request, Instant.now());
    }

    /** A create command first taken at {@code firstAttempt} (a re-queued command keeps its time). */
    static CreateInstance create(PodRef pod, InstanceRequest request, Instant firstAttempt) {
        return new CreateInstance(UUID.randomUUID().toString(), pod, VNODE, firstAttempt, 1, trace(), request);
    }

    static DeleteInstance delete(PodRef pod, String instanceId, boolean force) {
        return new DeleteInstance(UUID.randomUUID().toString(), pod, VNODE, Instant.now(), 2, trace(), instanceId, force, false);
    }

    static String trace() {
        return "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01";
    }

    /** Waits for an instance event of the given type about the pod that matches. */
    static <T extends InstanceEvent> T await(String eventsTopic, Class<T> type, PodRef pod, Predicate<T> match, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readUntil(eventsTopic,
                rs -> find(rs, type, pod, match).isPresent(), timeout);
        return find(records, type, pod, match).orElseThrow();
    }

    static <T extends InstanceEvent> T await(String eventsTopic, Class<T> type, PodRef pod) {
        return await(eventsTopic, type, pod, e -> true, Duration.ofSeconds(30));
    }

    static <T extends InstanceEvent> Optional<T> find(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
                                                     PodRef pod, Predicate<T> match) {
        return records.stream()
                .filter(r -> pod.uid().equals(r.key()))
                .map(r -> EventCodec.decode(r.value(), InstanceEvent.class))
                .filter(type::isInstance).map(type::cast).filter(match).findFirst();
    }

    static List<InstanceEvent> events(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> EventCodec.decode(r.value(), InstanceEvent.class)).toList();
    }

    /** An SDK client of the test itself (to create or delete instances behind the executor's back). */
    static DefaultAcsClient sdk(EciEmulator emulator) {
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", AK_ID, AK_SECRET);
        profile.getHttpClientConfig().setProtocolType(ProtocolType.HTTP);
        return new DefaultAcsClient(profile);
    }

    static String directCreate(EciEmulator emulator, Map<String, String> tags) throws Exception {
        CreateContainerGroupRequest req = new CreateContainerGroupRequest();
        req.setSysEndpoint(emulator.endpoint());
        req.setSysProtocol(ProtocolType.HTTP);
        req.putQueryParameter("RegionId", "cn-hangzhou");
        req.putQueryParameter("ContainerGroupName", "direct-" + UUID.randomUUID().toString().substring(0, 8));
        req.putQueryParameter("Container.1.Name", "main");
        req.putQueryParameter("Container.1.Image", "nginx");
        req.putQueryParameter("Cpu", "1.0");
        req.putQueryParameter("Memory", "2.0");
        int n = 0;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            n++;
            req.putQueryParameter("Tag." + n + ".Key", t.getKey());
            req.putQueryParameter("Tag." + n + ".Value", t.getValue());
        }
        return sdk(emulator).getAcsResponse(req).getContainerGroupId();
    }

    static void directDelete(EciEmulator emulator, String instanceId) throws Exception {
        DeleteContainerGroupRequest req = new DeleteContainerGroupRequest();
        req.setSysEndpoint(emulator.endpoint());
        req.setSysProtocol(ProtocolType.HTTP);
        req.putQueryParameter("RegionId", "cn-hangzhou");
        req.setContainerGroupId(instanceId);
        req.putQueryParameter("Force", "true");
        sdk(emulator).getAcsResponse(req);
    }

    /** Every record of a topic, from the beginning to the current end. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = KafkaBroker.consumer()) {
            List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** An executor in a context of its own, with these {@code --key=value} arguments. */
    static ConfigurableApplicationContext startExecutor(String[] args) {
        // as @SpringBootTest does, keep the context from disposing reactor-netty's global event loops on
        // close: the emulator in this JVM serves on them
        return new SpringApplicationBuilder(CloudExecutorApplication.class).web(WebApplicationType.NONE)
                .initializers(ctx -> ctx.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessBeforeInitialization(Object bean, String name) {
                        if (bean instanceof ReactorResourceFactory factory) {
                            factory.setUseGlobalResources(false);
                        }
                        return bean;
                    }
                }))
                .run(args);
    }

    static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    static String dlq(String topic) {
        return Topics.dlq(topic);
    }
}
