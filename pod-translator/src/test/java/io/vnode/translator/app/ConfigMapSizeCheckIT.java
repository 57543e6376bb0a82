package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.contracts.pod.PodRejection;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ConfigMap size check end to end: the service reads the ConfigMaps a pod mounts from the API
 * server (sizes only) and a pod mounting a 200 KB ConfigMap is rejected before any create command,
 * told which volume, which key, its size and the limit; a small ConfigMap goes through, its ClusterFirst
 * DNS pointing at the cluster's kube-dns Service found at start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ConfigMapSizeCheckIT {

    static final String LIFECYCLE = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
    static final String COMMANDS = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
    static final String REJECTIONS = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS);
    static final KubeApiServer KUBE = KubeApiServer.start();

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry r) {
        // the cluster's DNS Service, as every cluster has: the translator reads its ClusterIP at start
        KUBE.client().services().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("kube-dns").withNamespace("kube-system").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10").addNewPort().withPort(53).withProtocol("UDP").endPort().endSpec()
                .build()).create();
        KafkaBroker.createTopics(LIFECYCLE, COMMANDS, REJECTIONS, Topics.dlq(LIFECYCLE));
        r.add("spring.cloud.stream.kafka.binder.brokers", KafkaBroker::bootstrapServers);
        r.add("vnode.topics.pod-lifecycle", () -> LIFECYCLE);
        r.add("vnode.topics.instance-commands", () -> COMMANDS);
        r.add("vnode.topics.pod-rejections", () -> REJECTIONS);
        r.add("vnode.translator.check-config-map-sizes", () -> "true");
        r.add("vnode.kube.master-url", KUBE::url);
    }

    @AfterAll
    static void stop() {
        KUBE.close();
    }

    @Test
    void aPodMountingA200KbConfigMapIsRejectedNamingTheVolumeItsSizeAndTheLimitAndASmallOneIsCreated() {
        KUBE.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("big")
                .withNamespace("shop").endMetadata().addToData("app.json", "x".repeat(200 * 1024)).build()).create();
        KUBE.client().configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("small")
                .withNamespace("shop").endMetadata().addToData("app.json", "{}").build()).create();
        String bigUid = UUID.randomUUID().toString();
        String smallUid = UUID.randomUUID().toString();
        KafkaBroker.publishRaw(LIFECYCLE, bigUid, mounting(bigUid, "big"));
        KafkaBroker.publishRaw(LIFECYCLE, smallUid, mounting(smallUid, "small"));

        PodRejected rejected = (PodRejected) EventCodec.decode(
                PodTranslatorStreamIT.recordFor(REJECTIONS, bigUid).value(), PodRejection.class);
        assertThat(rejected.reasonCode()).isEqualTo(RejectionReason.REQUEST_LIMIT_EXCEEDED.code());
        assertThat(rejected.message()).startsWith("volume settings: key app.json of ConfigMap shop/big is 204800 bytes"
                + " (200 KiB); the cloud takes config files of at most 32768 bytes (32 KiB) each and 60 KiB per volume");
        CreateInstance created = (CreateInstance) EventCodec.decode(
                PodTranslatorStreamIT.recordFor(COMMANDS, smallUid).value(), InstanceCommand.class);
        assertThat(created.pod().uid()).isEqualTo(smallUid);
        // ClusterFirst, with no cluster-dns-ip configured: the kube-dns Service's address, as a kubelet writes it
        assertThat(created.request().dnsPolicy()).isEqualTo("None");
        assertThat(created.request().dnsConfig().nameServers()).containsExactly("10.96.0.10");
        assertThat(created.request().dnsConfig().searches()).contains("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");
        assertThat(KafkaBroker.readUntil(COMMANDS, rs -> true, PodTranslatorStreamIT.TIMEOUT))
                .noneMatch(r -> bigUid.equals(r.key()));
    }

    @SuppressWarnings("unchecked")
    private static byte[] mounting(String uid, String configMap) {
        Map<String, Object> record = MalformedBoundRecords.validRecord(uid, "web-" + configMap);
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) record.get("manifest")).get("spec");
        spec.put("volumes", List.of(Map.of("name", "settings", "configMap", Map.of("name", configMap))));
        return EventCodec.mapper().writeValueAsBytes(record);
    }
}
