package io.vnode.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    @Test
    void contractEventTravelsThroughTheRealBrokerKeyedByPodUid() {
        String topic = KafkaBroker.uniqueTopic(Topics.POD_LIFECYCLE);
        KafkaBroker.createTopics(topic);
        PodRef pod = new PodRef("default", "nginx-1", UUID.randomUUID().toString());
        PodBound sent = new PodBound(UUID.randomUUID().toString(), pod, "virtual-kubelet-cn-hangzhou-k",
                Instant.parse("2026-11-23T10:00:00Z"), 42, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                Map.of("apiVersion", "v1", "kind", "Pod"), Map.of("team", "a"));

        KafkaBroker.publish(topic, sent);

        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readUntil(topic, rs -> !rs.isEmpty(), Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(pod.uid());
        assertThat(new String(record.headers().lastHeader(Headers.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(PodBound.TYPE);
        assertThat(new String(record.headers().lastHeader(Headers.TRACEPARENT).value(), StandardCharsets.UTF_8))
                .isEqualTo(sent.traceparent());
        assertThat(EventCodec.decode(record.value(), PodEvent.class)).isEqualTo(sent);
    }
}
