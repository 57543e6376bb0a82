package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodGone;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.contracts.pod.PodRejection;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on the real (in-process KRaft) broker: pod lifecycle in, commands and rejections out,
 * poison records to the DLQ without stopping the stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PodTranslatorStreamIT {

    static final String LIFECYCLE = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
    static final String COMMANDS = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
    static final String REJECTIONS = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS);
    static final String NODE = "virtual-kubelet-cn-hangzhou-k";
    static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
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
        r.add("vnode.profile.v-switch-ids", () -> "vsw-a,vsw-b");
        r.add("vnode.profile.security-group-id", () -> "sg-1");
    }

    @Test
    void podBoundBecomesACreateCommandKeyedByUidWithHeaders() {
        Pod pod = PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), NODE);
        PodBound bound = bound(pod, 1024);
        KafkaBroker.publish(LIFECYCLE, bound);

        ConsumerRecord<String, byte[]> rec = recordFor(COMMANDS, bound.pod().uid());
        assertThat(header(rec, Headers.EVENT_TYPE)).isEqualTo(CreateInstance.TYPE);
        assertThat(header(rec, Headers.TRACEPARENT)).isEqualTo(TRACE);
        CreateInstance create = (CreateInstance) EventCodec.decode(rec.value(), InstanceCommand.class);
        assertThat(create.pod()).isEqualTo(bound.pod());
        assertThat(create.virtualNode()).isEqualTo(NODE);
        assertThat(create.sequence()).isEqualTo(1024);
        assertThat(create.traceparent()).isEqualTo(TRACE);
        assertThat(create.eventId()).isNotEqualTo(bound.eventId());
        assertThat(create.request().computeType()).isEqualTo(ComputeType.ACS);
        assertThat(create.request().specs().get(0).name()).isEqualTo("2-4Gi");
        assertThat(create.request().clientToken()).isEqualTo(bound.pod().uid());
        assertThat(create.request().vSwitchIds()).containsExactly("vsw-a", "vsw-b");
        assertThat(create.request().securityGroupId()).isEqualTo("sg-1");
        assertThat(create.request().tags()).containsEntry("vnode.virtual-node", NODE)
                .as("the executor stamps the cluster tag").doesNotContainKey("vnode.cluster-id");
    }

    @Test
    void deletingAndGoneBecomeDeleteCommands() {
        PodRef ref = new PodRef("default", "web-1", UUID.randomUUID().toString());
        KafkaBroker.publish(LIFECYCLE, new PodDeleting(UUID.randomUUID().toString(), ref, NODE, Instant.now(), 7, TRACE,
                Instant.now().plusSeconds(30), 0, "eci-abc123"));
        KafkaBroker.publish(LIFECYCLE, new PodGone(UUID.randomUUID().toString(), ref, NODE, Instant.now(), 8, null, "eci-abc123"));

        List<ConsumerRecord<String, byte[]>> recs = KafkaBroker.readUntil(COMMANDS,
                rs -> rs.stream().filter(r -> ref.uid().equals(r.key())).count() >= 2, TIMEOUT)
                .stream().filter(r -> ref.uid().equals(r.key())).toList();
        DeleteInstance deleting = (DeleteInstance) EventCodec.decode(recs.get(0).value(), InstanceCommand.class);
        DeleteInstance gone = (DeleteInstance) EventCodec.decode(recs.get(1).value(), InstanceCommand.class);
        assertThat(header(recs.get(0), Headers.EVENT_TYPE)).isEqualTo(DeleteInstance.TYPE);
        assertThat(deleting.instanceId()).isEqualTo("eci-abc123");
        assertThat(deleting.force()).isTrue();
        assertThat(deleting.podGone()).isFalse();
        assertThat(deleting.sequence()).isEqualTo(7);
        assertThat(gone.podGone()).isTrue();
        assertThat(gone.force()).isFalse();
        assertThat(gone.sequence()).isEqualTo(8);
        assertThat(deleting.regionId()).isEqualTo("cn-hangzhou");
        assertThat(gone.regionId()).isEqualTo("cn-hangzhou");
        assertThat(gone.traceparent()).isNull();
    }

    @Test
    void aRejectedPodBecomesARejection() {
        Pod pod = PodFixtures.onNode(PodFixtures.hostPathPod(), NODE);
        PodBound bound = bound(pod, 5);
        KafkaBroker.publish(LIFECYCLE, bound);

        ConsumerRecord<String, byte[]> rec = recordFor(REJECTIONS, bound.pod().uid());
        assertThat(header(rec, Headers.EVENT_TYPE)).isEqualTo(PodRejected.TYPE);
        PodRejected rejected = (PodRejected) EventCodec.decode(rec.value(), PodRejection.class);
        assertThat(rejected.reasonCode()).isEqualTo(RejectionReason.HOST_PATH_NOT_SUPPORTED.code());
        assertThat(rejected.message()).contains("hostPath");
        assertThat(rejected.pod()).isEqualTo(bound.pod());
        assertThat(rejected.sequence()).isEqualTo(5);
    }

    @Test
    void aPoisonRecordLandsInTheDlqAndTheNextRecordIsStillTranslated() {
        String poisonKey = "poison-" + UUID.randomUUID();
        byte[] garbage = {0x00, (byte) 0xff, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
        KafkaBroker.publishRaw(LIFECYCLE, poisonKey, garbage);
        Pod pod = PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), NODE);
        PodBound next = bound(pod, 2);
        KafkaBroker.publishRaw(LIFECYCLE, poisonKey, "{\"type\":\"pod.bound.v1\"}".getBytes(StandardCharsets.UTF_8));
        KafkaBroker.publish(LIFECYCLE, next);

        List<ConsumerRecord<String, byte[]>> dead = KafkaBroker.readUntil(Topics.dlq(LIFECYCLE),
                rs -> rs.stream().filter(r -> poisonKey.equals(r.key())).count() >= 2, TIMEOUT)
                .stream().filter(r -> poisonKey.equals(r.key())).toList();
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(LIFECYCLE);
        assertThat(header(dead.get(0), Headers.DLQ_REASON)).contains("EventDecodingException");
        assertThat(header(dead.get(1), Headers.DLQ_REASON)).isNotBlank();

        CreateInstance create = (CreateInstance) EventCodec.decode(recordFor(COMMANDS, next.pod().uid()).value(), InstanceCommand.class);
        assertThat(create.request().computeType()).isEqualTo(ComputeType.ECI);
        assertThat(create.request().specs().get(0).name()).isEqualTo("2-4Gi");
    }

    @Test
    void anOverrideTheNamespaceDoesNotAllowBecomesARejectionNamingTheAnnotationAndThePolicy() {
        Pod pod = PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), NODE);
        pod.getMetadata().setAnnotations(new java.util.HashMap<>(pod.getMetadata().getAnnotations() == null
                ? Map.of() : pod.getMetadata().getAnnotations()));
        pod.getMetadata().getAnnotations().put("k8s.aliyun.com/eci-ram-role-name", "cluster-admin-role");
        PodBound plain = bound(pod, 9);
        PodBound bound = new PodBound(plain.eventId(), plain.pod(), plain.virtualNode(), plain.occurredAt(), plain.sequence(),
                plain.traceparent(), plain.manifest(), Map.of("kubernetes.io/metadata.name", plain.pod().namespace(),
                        "vnode.alibabacloud.com/allowed-overrides", "eip.vswitch"));
        KafkaBroker.publish(LIFECYCLE, bound);

        PodRejected rejected = (PodRejected) EventCodec.decode(recordFor(REJECTIONS, bound.pod().uid()).value(), PodRejection.class);
        assertThat(rejected.reasonCode()).isEqualTo(RejectionReason.OVERRIDE_NOT_ALLOWED.code());
        assertThat(rejected.message()).contains("annotation k8s.aliyun.com/eci-ram-role-name (override group ram-role) is not"
                + " allowed in namespace " + bound.pod().namespace() + ": the label vnode.alibabacloud.com/allowed-overrides"
                + " of namespace " + bound.pod().namespace() + " allows only vswitch, eip ('eip.vswitch')");
    }

    /**
     * The generated stream of {@link MalformedBoundRecords}: every record is dead-lettered with a
     * reason (its pod told when it can be identified) or its pod rejected, and a valid record
     * published after all of them is still translated: the partition never stalls.
     */
    @Test
    void aStreamOfMalformedButParseableRecordsIsDeadLetteredOrRejectedAndTheNextRecordIsStillTranslated() {
        List<MalformedBoundRecords.Malformed> stream = MalformedBoundRecords.generate();
        for (MalformedBoundRecords.Malformed m : stream) {
            KafkaBroker.publishRaw(LIFECYCLE, m.uid(), m.json());
        }
        String validUid = UUID.randomUUID().toString();
        KafkaBroker.publishRaw(LIFECYCLE, validUid, EventCodec.mapper().writeValueAsBytes(
                MalformedBoundRecords.validRecord(validUid, "after-the-stream")));

        CreateInstance create = (CreateInstance) EventCodec.decode(recordFor(COMMANDS, validUid).value(), InstanceCommand.class);
        assertThat(create.pod().uid()).isEqualTo(validUid);

        List<String> deadKeys = KafkaBroker.readUntil(Topics.dlq(LIFECYCLE), rs -> stream.stream()
                        .filter(m -> m.fate() != MalformedBoundRecords.Fate.REJECTED)
                        .allMatch(m -> rs.stream().anyMatch(r -> m.uid().equals(r.key()) && header(r, Headers.DLQ_REASON) != null)),
                TIMEOUT).stream().map(ConsumerRecord::key).toList();
        List<ConsumerRecord<String, byte[]>> rejections = KafkaBroker.readUntil(REJECTIONS, rs -> stream.stream()
                .filter(m -> m.fate() != MalformedBoundRecords.Fate.DEAD_LETTER_ONLY)
                .allMatch(m -> rs.stream().anyMatch(r -> m.uid().equals(r.key()))), TIMEOUT);
        for (MalformedBoundRecords.Malformed m : stream) {
            boolean dead = deadKeys.contains(m.uid());
            List<PodRejected> told = rejections.stream().filter(r -> m.uid().equals(r.key()))
                    .map(r -> (PodRejected) EventCodec.decode(r.value(), PodRejection.class)).toList();
            switch (m.fate()) {
                case DEAD_LETTER_AND_TOLD -> {
                    assertThat(dead).as(m.name()).isTrue();
                    assertThat(told).as(m.name()).singleElement().satisfies(r -> {
                        assertThat(r.pod().uid()).isEqualTo(m.uid());
                        assertThat(r.reasonCode()).isEqualTo(RejectionReason.INVALID_POD.code());
                    });
                }
                case DEAD_LETTER_ONLY -> assertThat(dead).as(m.name()).isTrue();
                case REJECTED -> {
                    assertThat(dead).as(m.name()).isFalse();
                    assertThat(told).as(m.name()).singleElement().satisfies(r -> {
                        assertThat(r.reasonCode()).isEqualTo(RejectionReason.REQUEST_LIMIT_EXCEEDED.code());
                        assertThat(r.message()).contains("at most");
                    });
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static PodBound bound(Pod pod, long sequence) {
        Map<String, Object> manifest = K8S.convertValue(pod, Map.class);
        PodRef ref = new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
        return new PodBound(UUID.randomUUID().toString(), ref, NODE, Instant.now(), sequence, TRACE, manifest,
                Map.of("kubernetes.io/metadata.name", ref.namespace()));
    }

    static ConsumerRecord<String, byte[]> recordFor(String topic, String key) {
        return KafkaBroker.readUntil(topic, rs -> rs.stream().anyMatch(r -> key.equals(r.key())), TIMEOUT)
                .stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    static String header(ConsumerRecord<String, byte[]> rec, String name) {
        Header h = rec.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
