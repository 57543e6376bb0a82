package io.vnode.executor.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The publisher keeps the client settings it is given and holds its own contract: acks=all, idempotent. */
class KafkaEventPublisherTest {

    @Test
    void clientSettingsPassThroughAndTheDurabilitySettingsAreThePublishers() {
        Map<String, Object> config = KafkaEventPublisher.producerConfig(Map.of("bootstrap.servers", "b:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "acks", "1",
                "enable.idempotence", "false"));
        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "b:9093").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("client.id", "cloud-executor");
    }
}
