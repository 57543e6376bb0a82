package io.vnode.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.Topics;
import io.vnode.localkube.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The topic settings the chart gives (replication factor 3, min.insync.replicas 2) with the services'
 * producer settings (acks=all, idempotent: Kafka's defaults, which no service overrides), on three real
 * brokers: a write acknowledged is never lost when a broker (the leader of a partition) dies at once, and
 * writes go on with two of three.
 */
class KafkaDurabilityIT {

    @Test
    void anAcknowledgedWriteSurvivesTheLossOfALeader() throws Exception {
        Path work = Files.createTempDirectory("vnode-kafka-3");
        List<KafkaProcess> brokers = KafkaProcess.cluster(work.resolve("data"), Ports.freeRun(6), 3, work.resolve("logs"));
        try {
            String bootstrap = brokers.get(0).bootstrap();
            String topic = Topics.POD_LIFECYCLE;
            try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
            }

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            int leader;
            try (KafkaProducer<String, String> producer = producer(bootstrap, Duration.ofSeconds(60))) {
                sendAll(producer, topic, 0, 500, acknowledged);
                leader = leaderOfPartition0(bootstrap, topic);
                brokers.get(leader - 1).kill();
                // the write path goes on with two of three brokers: every one of these is acknowledged
                sendAll(producer, topic, 500, 1000, acknowledged);
            }
            assertThat(acknowledged).hasSize(1000);

            // the two brokers left hold every acknowledged record (unclean leader election stays off)
            String survivors = brokers.stream().filter(b -> b != brokers.get(leader - 1))
                    .map(b -> b.bootstrap()).findFirst().orElseThrow();
            Set<String> read = readAll(survivors, topic);
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(read);
            assertThat(missing).as("acknowledged but lost").isEmpty();
        } finally {
            brokers.forEach(KafkaProcess::close);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, Duration deliveryTimeout) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "delivery.timeout.ms", (int) deliveryTimeout.toMillis(), "request.timeout.ms", 5000, "linger.ms", 0),
                new StringSerializer(), new StringSerializer());
    }

    private static void sendAll(KafkaProducer<String, String> producer, String topic, int from, int to, Set<String> acknowledged)
            throws Exception {
        List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            String key = "pod-" + i;
            sends.add(producer.send(new ProducerRecord<>(topic, key, "event " + i), (meta, e) -> {
                if (e == null) {
                    acknowledged.add(key);
                }
            }));
        }
        for (var f : sends) {
            f.get(90, TimeUnit.SECONDS);
        }
    }

    private static int leaderOfPartition0(String bootstrap, String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader().id();
        }
    }

    private static Set<String> readAll(String bootstrap, String topic) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "request.timeout.ms", 5000, "default.api.timeout.ms", 30000),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = java.util.stream.IntStream.range(0, 6).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
