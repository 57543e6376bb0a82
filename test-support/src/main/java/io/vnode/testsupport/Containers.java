package io.vnode.testsupport;

import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers fixtures for machines with Docker: a Kafka broker (apache/kafka, KRaft) and a k3s
 * server. Use them from classes annotated {@code @Testcontainers(disabledWithoutDocker = true)}
 * and named {@code *DockerIT}.
 */
public final class Containers {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    public static final String K3S_IMAGE = "rancher/k3s:v1.32.4-k3s1";

    private Containers() {
    }

    public static KafkaContainer kafka() {
        return new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    }

    public static K3sContainer k3s() {
        return new K3sContainer(DockerImageName.parse(K3S_IMAGE));
    }
}
