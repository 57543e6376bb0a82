package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.contracts.pod.PodRejection;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One virtual node per zone on the real (in-process KRaft) broker: with vnode.profile.v-switch-zones, a
 * pod bound to virtual-kubelet-cn-hangzhou-k is created with zone k's vSwitches only, one bound to
 * zone j's node with zone j's, and one bound to a zone without a vSwitch is rejected naming the zone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ZonePlacementIT {

    static final String LIFECYCLE = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
    static final String COMMANDS = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
    static final String REJECTIONS = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final KubernetesSerialization K8S = new KubernetesSerialization();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry r) {
        KafkaBroker.createTopics(LIFECYCLE, COMMANDS, REJECTIONS, Topics.dlq(LIFECYCLE));
        r.add("spring.cloud.stream.kafka.binder.brokers", KafkaBroker::bootstrapServers);
        r.add("vnode.topics.pod-lifecycle", () -> LIFECYCLE);
        r.add("vnode.topics.instance-commands", () -> COMMANDS);
        r.add("vnode.topics.pod-rejections", () -> REJECTIONS);
        r.add("vnode.translator.region-id", () -> "cn-hangzhou");
        r.add("vnode.profile.v-switch-ids", () -> "vsw-a,vsw-b,vsw-c");
        r.add("vnode.profile.v-switch-zones", () -> "vsw-a=cn-hangzhou-j,vsw-b=cn-hangzhou-k,vsw-c=cn-hangzhou-k");
    }

    @Test
    void eachZonesNodeGetsItsZonesVSwitchesScenario() {
        PodBound onK = bound("virtual-kubelet-cn-hangzhou-k");
        PodBound onJ = bound("virtual-kubelet-cn-hangzhou-j");
        PodBound onI = bound("virtual-kubelet-cn-hangzhou-i");
        KafkaBroker.publish(LIFECYCLE, onK);
        KafkaBroker.publish(LIFECYCLE, onJ);
        KafkaBroker.publish(LIFECYCLE, onI);

        assertThat(create(onK).request().vSwitchIds()).containsExactly("vsw-b", "vsw-c");
        assertThat(create(onJ).request().vSwitchIds()).containsExactly("vsw-a");
        PodRejected rejected = (PodRejected) EventCodec.decode(recordFor(REJECTIONS, onI.pod().uid()).value(),
                PodRejection.class);
        assertThat(rejected.reasonCode()).isEqualTo(RejectionReason.INVALID_POD.code());
        assertThat(rejected.message()).contains("zone cn-hangzhou-i", "vsw-a (cn-hangzhou-j)", "vsw-b (cn-hangzhou-k)");
    }

    private static CreateInstance create(PodBound bound) {
        return (CreateInstance) EventCodec.decode(recordFor(COMMANDS, bound.pod().uid()).value(), InstanceCommand.class);
    }

    private static PodBound bound(String node) {
        Pod pod = PodFixtures.onNode(PodFixtures.nginxEciByResourcePolicy(), node);
        pod = new PodBuilder(pod).editMetadata().withUid(UUID.randomUUID().toString())
                .withName("web-" + node.substring(node.length() - 1)).endMetadata().build();
        Map<String, Object> manifest = K8S.convertValue(pod, Map.class);
        PodRef ref = new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
        return new PodBound(UUID.randomUUID().toString(), ref, node, Instant.now(), 1, null, manifest,
                Map.of("kubernetes.io/metadata.name", ref.namespace()));
    }

    private static ConsumerRecord<String, byte[]> recordFor(String topic, String key) {
        return KafkaBroker.readUntil(topic, rs -> rs.stream().anyMatch(r -> key.equals(r.key())), TIMEOUT)
                .stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }
}
