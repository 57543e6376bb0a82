package io.vnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.agent.adapter.kafka.KafkaPodEventPublisher;
import io.vnode.agent.adapter.kafka.KafkaReachability;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The agent's own Kafka clients (pod event producer, health AdminClient) take Spring's Kafka security settings. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"node-agent\" password=\"s3cret\";";

    private final Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
            "spring.kafka.security.protocol", "SASL_SSL",
            "spring.kafka.ssl.trust-store-password", "changeit",
            "spring.kafka.properties.sasl.mechanism", "PLAIN",
            "spring.kafka.properties.sasl.jaas.config", JAAS,
            "spring.kafka.properties.ssl.truststore.location", "/etc/kafka/truststore.p12",
            "spring.kafka.producer.compression-type", "zstd",
            "vnode.kafka.bootstrap-servers", "kafka-0.kafka:9093")));
    private final KafkaProperties kafka = binder.bind("spring.kafka", KafkaProperties.class).get();
    private final AgentProperties agent = binder.bind("vnode", AgentProperties.class).get();

    @Test
    void thePodEventProducerCarriesSecurityAndTheAgentsBrokers() {
        Map<String, Object> config = KafkaPodEventPublisher.producerConfig(AgentConfiguration.producerProperties(kafka, agent),
                Duration.ofSeconds(30));
        assertThat(config)
                .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("compression.type", "zstd")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .doesNotContainKeys("key.serializer", "value.serializer");
    }

    @Test
    void theHealthProbesAdminClientCarriesSecurityAndTheAgentsBrokers() {
        Map<String, Object> config = KafkaReachability.adminConfig(AgentConfiguration.adminProperties(kafka, agent), Duration.ofSeconds(3));
        assertThat(config)
                .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("request.timeout.ms", 3000);
    }
}
