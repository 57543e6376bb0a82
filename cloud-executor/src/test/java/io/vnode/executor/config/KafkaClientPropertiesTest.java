package io.vnode.executor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The executor's own producer takes Spring's Kafka client settings (TLS, SASL), not only the brokers. */
class KafkaClientPropertiesTest {

    @Test
    void theOwnProducerCarriesSecurityProtocolSslAndSaslFromSpringKafkaProperties() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getSecurity().setProtocol("SASL_SSL");
        kafka.getProperties().put("sasl.mechanism", "PLAIN");
        kafka.getProperties().put("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"exec\" password=\"pw\";");
        kafka.getProperties().put("ssl.truststore.location", "/etc/kafka/truststore.p12");
        kafka.getProperties().put("ssl.truststore.password", "changeit");
        kafka.getProducer().getProperties().put("ssl.endpoint.identification.algorithm", "");

        Map<String, Object> p = ExecutorConfiguration.producerProperties(kafka, "broker-1:9093,broker-2:9093");

        assertThat(p).containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsKey("sasl.jaas.config");
    }
}
